/**
 * The informational headers (catalogue entries marked `tolerant`, grammar/headers.ts): a value
 * that matches the grammar is typed as before; one outside it is a NonConformingHeader holding
 * the text as received, never an error, and never a reason to refuse the message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerCatalogue } from '../../grammar/headers.js';
import { checkRequest, type UasPolicy } from '../../src/core/uas/index.js';
import {
  headerDefinitions,
  NonConformingHeader,
  parseMessage,
  SipParseError,
  SipRequest,
  UserAgentHeader,
  WarningHeader,
  type HeaderValue,
} from '../../src/index.js';
import { invalid as grammarInvalid } from '../grammar/header-values.js';
import { headerSamples } from '../header-samples.js';

const tolerant = headerCatalogue.filter((h) => h.tolerant);

/** Values outside the grammar, per tolerant header: the grammar tests' rejects plus what products send. */
const outside: Record<string, string[]> = {
  'User-Agent': ['PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19', 'Fanvil X4U 2.12.1.1 2022-06-10 11:27:31', 'Mediant SW/v.7.40A.250.001 [en-US]', 'Acme/1.0 (unbalanced'],
  Server: ['Huawei SoftX3000 V300R010, Build 2011-09-02', '"quoted product"'],
  Warning: ['399 sbc.carrier.example Call rejected by policy', '399 a "ok", garbage'],
  Date: ['Mon, 12 Feb 2024 10:11:12 +0000', 'Tue, 5 Mar 2024 09:08:07 GMT', '2024-02-12T10:11:12Z'],
  'Alert-Info': ['info=alert-autoanswer', 'Ring Answer'],
  'Call-Info': ['answer-after=0', ';answer-after=0'],
  'Error-Info': ['sip:busy-announcement@example.com'],
  Priority: ['very urgent'],
  'In-Reply-To': ['a b'],
  Subject: ['a\u0007b'],
  Organization: ['a\u0000b'],
};

function expectNonConforming(name: string, value: string, rule: string): NonConformingHeader {
  const definition = headerDefinitions.get(name.toLowerCase())!;
  const values = definition.parse(value);
  expect(values, `${name}: ${value}`).toHaveLength(1);
  const kept = values[0] as NonConformingHeader;
  expect(kept).toBeInstanceOf(NonConformingHeader);
  expect(kept.conforms).toBe(false);
  expect(kept.name).toBe(name);
  expect(kept.text).toBe(value);
  expect(String(kept)).toBe(value);
  expect(String(kept.clone())).toBe(value);
  expect(kept.error).toBeInstanceOf(SipParseError);
  expect(kept.error.rule).toBe(rule);
  // The error is the one the strict parse throws, offset included.
  let strict: unknown;
  try {
    definition.parseStrict(value);
  } catch (error) {
    strict = error;
  }
  expect(strict, `${name}: parseStrict must throw`).toBeInstanceOf(SipParseError);
  expect((strict as SipParseError).offset).toBe(kept.error.offset);
  return kept;
}

describe('informational headers keep a value outside their grammar as text', () => {
  it('are exactly the headers nothing in the protocol acts on', () => {
    expect(tolerant.map((h) => h.name).sort()).toEqual(
      ['Alert-Info', 'Call-Info', 'Date', 'Error-Info', 'In-Reply-To', 'Organization', 'Priority', 'Server', 'Subject', 'User-Agent', 'Warning'].sort(),
    );
    for (const h of headerCatalogue) expect(headerDefinitions.get(h.name.toLowerCase())!.tolerant, h.name).toBe(h.tolerant === true);
  });

  for (const spec of tolerant) {
    describe(spec.name, () => {
      it('a value in the grammar is typed as before, conforms === true', () => {
        const definition = headerDefinitions.get(spec.name.toLowerCase())!;
        const values = definition.parse(headerSamples[spec.name]!.value);
        expect(values.length).toBeGreaterThan(0);
        for (const value of values) {
          expect(value).not.toBeInstanceOf(NonConformingHeader);
          expect((value as { conforms: boolean }).conforms).toBe(true);
        }
        expect(values.map(String)).toEqual(definition.parseStrict(headerSamples[spec.name]!.value).map(String));
      });

      it('a value outside it is a NonConformingHeader with the text byte for byte and the strict error', () => {
        for (const value of [...(grammarInvalid[spec.rule] ?? []), ...(outside[spec.name] ?? [])]) expectNonConforming(spec.name, value, spec.rule);
      });

      it('parse never throws, whatever the value', () => {
        const definition = headerDefinitions.get(spec.name.toLowerCase())!;
        fc.assert(
          fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
            const values = definition.parse(value);
            if (values.some((v) => v instanceof NonConformingHeader)) expect(values.map(String)).toEqual([value]);
          }),
          { numRuns: 300 },
        );
      });
    });
  }

  it('headers the stack acts on still throw SipParseError', () => {
    for (const [name, bad] of [['Via', 'SIP/2.0/UDP'], ['Contact', '<sip:a@b'], ['CSeq', 'one INVITE'], ['Require', 'a b'], ['Timestamp', 'now']] as const) {
      expect(headerDefinitions.get(name.toLowerCase())!.tolerant).toBe(false);
      expect(() => headerDefinitions.get(name.toLowerCase())!.parse(bad), name).toThrow(SipParseError);
    }
  });

  it('the typed union narrows on conforms', () => {
    const [value] = UserAgentHeader.parse('PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19');
    const read = (v: UserAgentHeader | NonConformingHeader): string => (v.conforms ? `typed ${v.value}` : `text ${v.text}`);
    expect(read(value!)).toBe('text PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19');
    expect(read(UserAgentHeader.parse('JsSIP 3.10.0')[0]!)).toBe('typed JsSIP 3.10.0');
    expect(() => UserAgentHeader.parseStrict('PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19')).toThrow(SipParseError);
  });
});

describe('a message with non-conforming informational headers stays usable', () => {
  const policy: UasPolicy = { allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER'], uriSchemes: ['sip'], supported: [], accept: ['application/sdp'] };
  const wire =
    'OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 192.0.2.33:5060;rport;branch=z9hG4bKPj5a3e6f0c\r\n' +
    'Max-Forwards: 70\r\n' +
    'From: <sip:1001@pbx.example.com>;tag=1f8b6c2d\r\n' +
    'To: <sip:bob@biloxi.example.com>\r\n' +
    'Call-ID: 8d7c6b5a-4f3e-2d1c\r\n' +
    'CSeq: 42817 OPTIONS\r\n' +
    'User-Agent: PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19\r\n' +
    'Warning: 399 pbx.example.com "fine"\r\n' +
    'Warning: 399 sbc.carrier.example Call rejected by policy\r\n' +
    'Date: Mon, 12 Feb 2024 10:11:12 +0000\r\n' +
    'Accept: application/sdp\r\n' +
    'Content-Length: 0\r\n\r\n';

  it('every header reads; the informational ones outside the grammar as text', () => {
    const msg = parseMessage(wire) as SipRequest;
    expect(() => msg.parseHeaders()).not.toThrow();
    const agent = msg.header('User-Agent')!;
    expect(agent.conforms).toBe(false);
    expect(String(agent)).toBe('PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19');
    expect([msg.via.branch, msg.from.tag, msg.callId, msg.cseq.seq]).toEqual(['z9hG4bKPj5a3e6f0c', '1f8b6c2d', '8d7c6b5a-4f3e-2d1c', 42817]);
    expect(msg.header('Date')!.conforms).toBe(false);
  });

  it('one non-conforming line does not hide the conforming line of the same header', () => {
    const msg = parseMessage(wire);
    const warnings: HeaderValue[] = msg.headers('Warning');
    expect(warnings[0]).toBeInstanceOf(WarningHeader);
    expect((warnings[0] as WarningHeader).text).toBe('fine');
    expect(warnings[1]).toBeInstanceOf(NonConformingHeader);
  });

  it('the UAS checks of RFC 3261 §8.2 pass it instead of answering 400', () => {
    expect(checkRequest(parseMessage(wire) as SipRequest, policy)).toBeUndefined();
  });

  it('but a malformed header the stack acts on is still a 400', () => {
    const bad = wire.replace('Accept: application/sdp', 'Accept: application');
    expect(checkRequest(parseMessage(bad) as SipRequest, policy)?.reason).toBe('Bad Request (invalid or missing Accept)');
  });

  it('serialises byte for byte, and a kept value copies into another message unchanged', () => {
    const msg = parseMessage(wire) as SipRequest;
    msg.parseHeaders();
    expect(msg.toString()).toBe(wire);
    const copy = new SipRequest('OPTIONS', msg.uri);
    copy.addHeader('User-Agent', msg.header('User-Agent')!);
    expect(copy.rawHeader('User-Agent')).toBe('PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19');
  });
});
