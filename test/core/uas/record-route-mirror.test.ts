import { beforeEach, describe, expect, it } from 'vitest';
import { createResponse } from '../../../src/core/uas/index.js';
import { UserAgentCore } from '../../../src/core/user-agent-core.js';
import { parseMessage, type SipRequest } from '../../../src/syntax/index.js';
import { FakeClock } from '../../../src/transport/fake-clock.js';
import { settle } from '../../support/settle.js';
import { ScriptedTransport } from '../support/scripted-transport.js';

// RFC 3261 §12.1.1: a response that establishes a dialog copies every Record-Route value of the
// request — URIs, URI parameters and header parameters, known or not — in order. Kamailio drops the
// caller's ACK and answers its BYE 404 when they are missing.

// Two lines, the second a comma list; URI parameters (lr, r2, transport, a quoted-free ftag) and a
// header parameter the UAS does not know, with odd spacing and case kept as they came.
const RECORD_ROUTE = [
  'Record-Route: <sip:127.0.0.1:8080;transport=ws;r2=on;lr>',
  'Record-Route: <sip:p2.example.com;lr;ftag=Ab9>;x-unknown=1 , <sip:p1.example.com;LR>',
];

function invite(options: { method?: string; toTag?: string; recordRoute?: string[]; branch?: string; cseq?: number } = {}): string {
  const method = options.method ?? 'INVITE';
  return (
    `${method} sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch ?? 'z9hG4bKrr1'}\r\n` +
    'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKsipp1;rport=5060\r\n' +
    (options.recordRoute ?? RECORD_ROUTE).map((line) => `${line}\r\n`).join('') +
    'Max-Forwards: 69\r\n' +
    'From: <sip:sipp@192.0.2.20>;tag=s1\r\n' +
    `To: <sip:bob@example.test>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    'Call-ID: rr-call-1\r\n' +
    `CSeq: ${options.cseq ?? 1} ${method}\r\n` +
    'Contact: <sip:sipp@192.0.2.20:5060>\r\n' +
    (method === 'SUBSCRIBE' ? 'Event: presence\r\n' : '') +
    'Content-Length: 0\r\n\r\n'
  );
}

const HEAD =
  'Via: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKrr1\r\n' +
  'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKsipp1;rport=5060\r\n' +
  'From: <sip:sipp@192.0.2.20>;tag=s1\r\n';

const MIRRORED =
  'Record-Route: <sip:127.0.0.1:8080;transport=ws;r2=on;lr>\r\n' +
  'Record-Route: <sip:p2.example.com;lr;ftag=Ab9>;x-unknown=1 , <sip:p1.example.com;LR>\r\n';

let clock: FakeClock;
let transport: ScriptedTransport;
let core: UserAgentCore;

beforeEach(() => {
  clock = new FakeClock();
  transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'ua1.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  core = new UserAgentCore({ transport, clock });
  core.start();
});

describe('Record-Route in responses (RFC 3261 §12.1.1)', () => {
  it('the 180 and the 200 to an INVITE carry every Record-Route line as received, in order; the 100 Trying none', async () => {
    core.handle('INVITE', (incoming) => {
      // A slow answer: the INVITE server transaction sends its own 100 after 200 ms (§17.2.1).
      clock.setTimeout(() => {
        core.respond(incoming, 180, { headers: [['Contact', '<sip:k7d2@ua1.invalid;transport=ws>']] });
        core.respond(incoming, 200, { headers: [['Contact', '<sip:k7d2@ua1.invalid;transport=ws>']] });
      }, 1000);
    });
    transport.deliver(invite());
    clock.advance(1000);
    await settle();
    const [trying, ringing, ok] = transport.sent.map((s) => s.text);
    expect(trying).toBe(`SIP/2.0 100 Trying\r\n${HEAD}To: <sip:bob@example.test>\r\nCall-ID: rr-call-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`);
    const tag = parseMessage(ok!).to.tag!;
    const dialogHead = `${HEAD}To: <sip:bob@example.test>;tag=${tag}\r\nCall-ID: rr-call-1\r\nCSeq: 1 INVITE\r\n${MIRRORED}`;
    expect(ringing).toBe(`SIP/2.0 180 Ringing\r\n${dialogHead}Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\nContent-Length: 0\r\n\r\n`);
    expect(ok).toBe(`SIP/2.0 200 OK\r\n${dialogHead}Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\nContent-Length: 0\r\n\r\n`);
    // The values read back are the request's, URI and header parameters kept.
    const response = parseMessage(ok!);
    expect(response.headers('Record-Route').map((h) => h.toString())).toEqual([
      '<sip:127.0.0.1:8080;transport=ws;r2=on;lr>',
      '<sip:p2.example.com;lr;ftag=Ab9>;x-unknown=1',
      '<sip:p1.example.com;LR>',
    ]);
  });

  it('a 100 from the application and final errors (3xx–6xx) carry none; nor do answers to methods that create no dialog', () => {
    const request = parseMessage(invite()) as SipRequest;
    for (const status of [100, 302, 486, 503, 603]) {
      expect(createResponse(request, status, { toTag: 't1' }).hasHeader('Record-Route')).toBe(false);
    }
    for (const method of ['MESSAGE', 'OPTIONS', 'INFO', 'BYE', 'REGISTER', 'PUBLISH', 'UPDATE', 'PRACK']) {
      const other = parseMessage(invite({ method })) as SipRequest;
      expect(createResponse(other, 200, { toTag: 't1' }).hasHeader('Record-Route'), method).toBe(false);
    }
  });

  it('answers to SUBSCRIBE, REFER and NOTIFY mirror it too (RFC 6665, RFC 3515: they create dialogs)', () => {
    for (const method of ['SUBSCRIBE', 'REFER', 'NOTIFY']) {
      const request = parseMessage(invite({ method })) as SipRequest;
      for (const status of [101, 183, 200, 202]) {
        expect(createResponse(request, status, { toTag: 't1' }).rawHeaders('Record-Route'), `${status} ${method}`).toEqual([
          '<sip:127.0.0.1:8080;transport=ws;r2=on;lr>',
          '<sip:p2.example.com;lr;ftag=Ab9>;x-unknown=1 , <sip:p1.example.com;LR>',
        ]);
      }
    }
  });

  it('a 2xx to a re-INVITE mirrors the re-INVITE\'s own Record-Route (inert: the route set does not change, §12.2)', () => {
    const reinvite = parseMessage(invite({ toTag: 'b1', cseq: 2, recordRoute: ['Record-Route: <sip:127.0.0.1:8080;transport=ws;lr>'] })) as SipRequest;
    const response = createResponse(reinvite, 200);
    expect(response.rawHeaders('Record-Route')).toEqual(['<sip:127.0.0.1:8080;transport=ws;lr>']);
    expect(response.to.tag).toBe('b1');
  });

  it('a request without Record-Route gets a response without it', () => {
    const request = parseMessage(invite({ recordRoute: [] })) as SipRequest;
    expect(createResponse(request, 200, { toTag: 't1' }).hasHeader('Record-Route')).toBe(false);
  });
});
