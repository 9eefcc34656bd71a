/**
 * RFC 5118 "SIP Torture Test Messages for IPv6": one test per message of §4
 * (test/fixtures/rfc5118/, byte-exact), each stating the RFC's verdict and ours. The
 * tolerances involved are decided in grammar/sip.peggy, each with the RFC 5118 section.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRequest, responseToUnparseable, type UasPolicy } from '../src/core/uas/index.js';
import { parseMessage, SipParseError, SipRequest, type SipResponse } from '../src/index.js';
import { expectSipParseError, parseFully, view, views, type ContactView, type NameAddrView, type ViaView } from './support/parse.js';

const DIR = fileURLToPath(new URL('./fixtures/rfc5118/', import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(`${DIR}${name}.dat`));
const text = (name: string): string => new TextDecoder().decode(fixture(name));

const policy: UasPolicy = {
  allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER'],
  uriSchemes: ['sip', 'sips'],
  supported: [],
  accept: ['application/sdp'],
};

/** Parse a message the RFC calls valid: framing, start line and every header; the UAS checks of RFC 3261 §8.2 pass it. */
function accepted(data: string | Uint8Array): SipRequest {
  const msg = parseFully(data);
  expect(msg).toBeInstanceOf(SipRequest);
  expect(checkRequest(msg as SipRequest, policy)).toBeUndefined();
  return msg as SipRequest;
}

/** The same message with Content-Length set to the octets of its body (the RFC's own values are wrong for §4.6, §4.8, §4.9). */
function withCorrectLength(name: string): string {
  const [head, body] = text(name).split('\r\n\r\n') as [string, string];
  return `${head.replace(/^Content-Length: \d+$/m, `Content-Length: ${new TextEncoder().encode(body).length}`)}\r\n\r\n${body}`;
}

const vias = (msg: SipRequest) => views<ViaView>(msg, 'Via').map((v) => [v.transport, v.host, v.port, v.branch, v.received]);

describe('RFC 5118 fixtures', () => {
  it('all twelve messages are here, byte for byte as SHA256SUMS pins them', () => {
    const sums = new Map(
      readFileSync(`${DIR}SHA256SUMS`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(66), line.slice(0, 64)] as const),
    );
    const files = readdirSync(DIR).filter((f) => f.endsWith('.dat')).sort();
    expect(files).toHaveLength(12);
    expect([...sums.keys()].sort()).toEqual(files);
    for (const file of files) expect(createHash('sha256').update(readFileSync(DIR + file)).digest('hex'), file).toBe(sums.get(file));
  });
});

describe('RFC 5118 §4: the RFC’s verdict and ours', () => {
  it('§4.1 ipv6-good — RFC: valid. Ours: accepted; IPv6 references in the Request-URI, Via and Contact', () => {
    const msg = accepted(fixture('ipv6-good'));
    expect(msg.uri.host).toBe('[2001:db8::10]');
    expect(msg.uri.port).toBeUndefined();
    expect(vias(msg)).toEqual([['UDP', '[2001:db8::9:1]', undefined, 'z9hG4bKas3-111', undefined]]);
    const contact = views<ContactView>(msg, 'Contact')[0]!;
    expect([contact.displayName, contact.uri!.user, contact.uri!.host]).toEqual(['Caller', 'caller', '[2001:db8::1]']);
  });

  it('§4.2 ipv6-bad — RFC: invalid, "should respond with a 400 Bad Request". Ours: refused at the Request-Line, answered 400', () => {
    const error = expectSipParseError(() => parseMessage(fixture('ipv6-bad')));
    expect(error.rule).toBe('RequestLine');
    const response = responseToUnparseable(error, 'uas-tag')!;
    expect(response.status).toBe(400);
    expect(response.callId).toBe('SSG9559905523997077@hlau_4100');
  });

  it('§4.3 port-ambiguous — RFC: well-formed, but the port inside "]" is part of the address. Ours: host [2001:db8::10:5070], no port', () => {
    const msg = accepted(fixture('port-ambiguous'));
    expect(msg.uri.host).toBe('[2001:db8::10:5070]');
    expect(msg.uri.port).toBeUndefined();
  });

  it('§4.4 port-unambiguous — RFC: valid, port 5070. Ours: host [2001:db8::10], port 5070', () => {
    const msg = accepted(fixture('port-unambiguous'));
    expect([msg.uri.host, msg.uri.port]).toEqual(['[2001:db8::10]', 5070]);
  });

  it('§4.5 via-received-param-with-delim — RFC: outside RFC 3261, yet must be parsed. Ours: accepted, received kept as written', () => {
    const msg = accepted(fixture('via-received-param-with-delim'));
    expect(vias(msg)).toEqual([['UDP', '[2001:db8::9:1]', undefined, 'z9hG4bKas3-111', '[2001:db8::9:255]']]);
  });

  it('§4.5 via-received-param-no-delim — RFC: valid. Ours: accepted, received 2001:db8::9:255', () => {
    const msg = accepted(fixture('via-received-param-no-delim'));
    expect(vias(msg)).toEqual([['UDP', '[2001:db8::9:1]', undefined, 'z9hG4bKas3', '2001:db8::9:255']]);
    expect(views<ContactView>(msg, 'Contact')[0]!.uri!.host).toBe('[2001:db8::9:1]');
  });

  it('§4.6 ipv6-in-sdp — RFC: valid (but its Content-Length 268 exceeds the 251-octet body). Ours: as printed, a datagram cut short (RFC 3261 §18.3: 400); with the length corrected, accepted', () => {
    const error = expectSipParseError(() => parseMessage(fixture('ipv6-in-sdp')));
    expect(error.rule).toBe('Content-Length');
    expect(responseToUnparseable(error, 'uas-tag')!.status).toBe(400);
    const msg = accepted(withCorrectLength('ipv6-in-sdp'));
    expect([msg.uri.user, msg.uri.host]).toEqual(['user', '[2001:db8::10]']);
    expect(view<NameAddrView>(msg.to).uri.host).toBe('[2001:db8::10]');
    expect(vias(msg)).toEqual([['UDP', '[2001:db8::20]', undefined, 'z9hG4bKas3-111', undefined]]);
    expect(msg.bodyText).toContain('o=assistant 971731711378798081 0 IN IP6 2001:db8::20\r\n');
    expect(msg.bodyText).toContain('c=IN IP6 2001:db8::20\r\n');
  });

  it('§4.7 mult-ip-in-header — RFC: valid. Ours: accepted, three Vias mixing IPv6 and IPv4', () => {
    const msg = accepted(fixture('mult-ip-in-header'));
    expect(vias(msg)).toEqual([
      ['UDP', '[2001:db8::9:1]', 6050, 'z9hG4bKas3-111', undefined],
      ['UDP', '192.0.2.1', undefined, 'z9hG4bKjhja8781hjuaij65144', undefined],
      ['TCP', '[2001:db8::9:255]', undefined, 'z9hG4bK451jj', '192.0.2.200'],
    ]);
  });

  it('§4.8 mult-ip-in-sdp — RFC: valid (Content-Length 181 for 189 octets). Ours: as printed the body is cut at 181 octets (RFC 3261 §18.3); with the length corrected, all of it', () => {
    const printed = accepted(fixture('mult-ip-in-sdp'));
    expect(printed.body).toHaveLength(181);
    expect(printed.bodyText).toContain('c=IN IP4 192.0.2.1\r\n');
    expect(printed.bodyText).toContain('c=IN IP6 2001:db8::1\r\n');
    const corrected = accepted(withCorrectLength('mult-ip-in-sdp'));
    expect(corrected.bodyText.endsWith('a=rtpmap:107 H263-1998/90000\r\n')).toBe(true);
    expect(vias(corrected)).toEqual([['UDP', '[2001:db8::9:1]', undefined, 'z9hG4bKas3-111', undefined]]);
  });

  it('§4.9 ipv4-mapped-ipv6 — RFC: valid, "must be prepared to parse it". Ours: accepted (body cut at the printed 236 octets)', () => {
    const msg = accepted(fixture('ipv4-mapped-ipv6'));
    expect(vias(msg)).toEqual([
      ['UDP', '[::ffff:192.0.2.10]', 19823, 'z9hG4bKbh19', undefined],
      ['UDP', '[::ffff:192.0.2.2]', undefined, 'z9hG4bKas3-111', undefined],
    ]);
    const contact = views<ContactView>(msg, 'Contact')[0]!;
    expect([contact.displayName, contact.uri!.host]).toEqual(['T. desk phone', '[::ffff:192.0.2.2]']);
    expect(msg.body).toHaveLength(236);
    expect(msg.bodyText).toContain('c=IN IP6 ::ffff:192.0.2.2\r\n');
    expect(accepted(withCorrectLength('ipv4-mapped-ipv6')).body).toHaveLength(245);
  });

  it('§4.10 ipv6-bug-abnf-3-colons — RFC: "an implementation must tolerate both". Ours: accepted, the reference kept as written', () => {
    const msg = accepted(fixture('ipv6-bug-abnf-3-colons'));
    expect([msg.uri.user, msg.uri.host]).toEqual(['user', '[2001:db8:::192.0.2.1]']);
    expect(view<NameAddrView>(msg.to).uri.host).toBe('[2001:db8:::192.0.2.1]');
    expect(msg.toString()).toBe(text('ipv6-bug-abnf-3-colons'));
  });

  it('§4.10 ipv6-correct-abnf-2-colons — RFC: valid. Ours: accepted', () => {
    const msg = accepted(fixture('ipv6-correct-abnf-2-colons'));
    expect([msg.uri.user, msg.uri.host]).toEqual(['user', '[2001:db8::192.0.2.1]']);
  });
});

describe('IPv6 forms RFC 5118 does not ask for stay refused', () => {
  const request = (line: string, via = 'SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bK1') =>
    `OPTIONS ${line} SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

  it('":::" anywhere but before an embedded IPv4 address (§4.10 covers only that derivation)', () => {
    for (const host of ['[2001:db8:::10]', '[2001:db8::1:::192.0.2.1]', '[:::1]']) {
      expect(() => parseMessage(request(`sip:user@${host}`)), host).toThrow(SipParseError);
    }
  });

  it('an unbracketed IPv6 address as a Via sent-by, where its last group would read as a port (§4.2)', () => {
    const msg = parseMessage(request('sip:user@example.com', 'SIP/2.0/UDP 2001:db8::9:1:5060;branch=z9hG4bK1'));
    expect(() => msg.via).toThrow(SipParseError);
  });

  it('a zone index (RFC 6874 "%25"): not SIP syntax, and meaningless to the receiver', () => {
    expect(() => parseMessage(request('sip:user@[fe80::1%25eth0]'))).toThrow(SipParseError);
    const msg = parseMessage(request('sip:user@example.com', 'SIP/2.0/UDP [fe80::1%25eth0];branch=z9hG4bK1'));
    expect(() => msg.via).toThrow(SipParseError);
  });

  it('a response carrying §4.10 and §4.9 forms in its Via is read as well (not only requests)', () => {
    const response = parseMessage(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP [2001:db8:::192.0.2.1]:5070;received=::ffff:192.0.2.9;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    ) as SipResponse;
    expect([response.via.host, response.via.port, response.via.received]).toEqual(['[2001:db8:::192.0.2.1]', 5070, '::ffff:192.0.2.9']);
  });
});
