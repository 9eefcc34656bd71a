import { describe, expect, it } from 'vitest';
import { forFromOrTo, OutOfDialogRequestFactory, parseExtraHeaders, toAddress } from '../../../src/core/request/index.js';
import { fixedIds } from './fixed-ids.js';

const udp = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5062 } as const;

describe('header values given to the request factory', () => {
  it('refuses a User-Agent outside RFC 3261 §20.41 (server-val *(LWS server-val)), naming userAgent', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp, userAgent: 'Phone/1.0/beta', ids: fixedIds() });
    expect(() => factory.create({ method: 'OPTIONS', to: 'sip:bob@example.com', from: 'sip:alice@example.com' })).toThrow(
      /^userAgent is not a valid User-Agent value: "Phone\/1.0\/beta"/,
    );
  });

  it('checks a known header against its grammar, an unknown one only for control characters', () => {
    expect(parseExtraHeaders(['Expires: 60', 'Require: 100rel, timer', 'X-Anything: {"a": [1]}', 'X-Empty:'])).toEqual([
      { name: 'Expires', value: '60' },
      { name: 'Require', value: '100rel, timer' },
      { name: 'X-Anything', value: '{"a": [1]}' },
      { name: 'X-Empty', value: '' },
    ]);
    expect(() => parseExtraHeaders(['Expires: 60', 'Max-Forwards: 70'])).toThrow(/extraHeaders\[1\]: Max-Forwards is set by the UA core/);
    expect(() => parseExtraHeaders(['Event: presence', 'Subscription-State: '])).toThrow(/^extraHeaders\[1\] is not a valid Subscription-State value: ""/);
    expect(() => parseExtraHeaders(['X-A: \x0b'])).toThrow(/^extraHeaders\[0\] must not contain control characters other than HTAB/);
  });
});

describe('forFromOrTo (RFC 3261 §19.1.1 Table 1)', () => {
  const as = (text: string) => forFromOrTo(toAddress('to', text)).uri.toString();

  it('drops method, maddr, ttl, transport and lr (any case, every copy) and the URI headers', () => {
    expect(as('sips:bob@example.com:5061;LR;transport=TLS;Method=INVITE;maddr=192.0.2.1;ttl=1;lr;user=phone;foo?Subject=x')).toBe(
      'sips:bob@example.com:5061;user=phone;foo',
    );
  });

  it('leaves an address without them, and a non-SIP URI, as it is', () => {
    const plain = toAddress('to', '"Bob" <sip:bob@example.com;x=1>');
    expect(forFromOrTo(plain)).toBe(plain);
    expect(as('tel:+1234;phone-context=example.com')).toBe('tel:+1234;phone-context=example.com');
  });

  it('does not change the address it is given', () => {
    const given = toAddress('to', '<sip:bob@example.com;transport=tcp?X=1>');
    expect(forFromOrTo(given).uri.toString()).toBe('sip:bob@example.com');
    expect(given.uri.toString()).toBe('sip:bob@example.com;transport=tcp?X=1');
  });
});
