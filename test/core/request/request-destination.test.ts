import { describe, expect, it } from 'vitest';
import { destinationFor } from '../../../src/core/request/index.js';
import { parseMessage, type SipRequest } from '../../../src/syntax/index.js';

function request(uri: string, ...route: string[]): SipRequest {
  const head = [
    `OPTIONS ${uri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKx',
    ...route.map((r) => `Route: ${r}`),
    'To: <sip:bob@example.com>',
    'From: <sip:alice@example.com>;tag=a',
    'Call-ID: c',
    'CSeq: 1 OPTIONS',
    'Max-Forwards: 70',
  ];
  return parseMessage(head.join('\r\n') + '\r\n\r\n') as SipRequest;
}

describe('destinationFor (RFC 3261 §8.1.2, RFC 3263 §4)', () => {
  it('uses the Request-URI without Route, with the scheme and transport defaults', () => {
    expect(destinationFor(request('sip:bob@example.com'))).toEqual({ host: 'example.com', port: 5060, protocol: 'UDP' });
    expect(destinationFor(request('sips:bob@example.com'))).toEqual({ host: 'example.com', port: 5061, protocol: 'TLS' });
    expect(destinationFor(request('sip:bob@example.com;transport=tls'))).toEqual({ host: 'example.com', port: 5061, protocol: 'TLS' });
    expect(destinationFor(request('sip:bob@example.com:5080;transport=TCP'))).toEqual({ host: 'example.com', port: 5080, protocol: 'TCP' });
    expect(destinationFor(request('sips:bob@example.com;transport=tcp'))).toEqual({ host: 'example.com', port: 5061, protocol: 'TLS' });
    expect(destinationFor(request('sips:bob@example.com;transport=ws'))).toEqual({ host: 'example.com', port: 5061, protocol: 'WSS' });
  });

  it('uses the first Route when it is a loose router, maddr over the host, bare IPv6 addresses', () => {
    expect(destinationFor(request('sip:bob@example.com', '<sip:p1.example.com:5070;lr>', '<sip:p2.example.com;lr>'))).toEqual({
      host: 'p1.example.com',
      port: 5070,
      protocol: 'UDP',
    });
    expect(destinationFor(request('sip:bob@example.com;maddr=192.0.2.99'))).toEqual({ host: '192.0.2.99', port: 5060, protocol: 'UDP' });
    expect(destinationFor(request('sip:bob@[2001:db8::1]:5070'))).toEqual({ host: '2001:db8::1', port: 5070, protocol: 'UDP' });
  });

  it('uses the Request-URI when the first Route is not a loose router', () => {
    expect(destinationFor(request('sip:strict.example.com', '<sip:bob@example.com>'))).toEqual({ host: 'strict.example.com', port: 5060, protocol: 'UDP' });
  });

  it('takes a default transport, and refuses what it cannot reach', () => {
    expect(destinationFor(request('sip:bob@example.com'), { defaultProtocol: 'WSS' })).toEqual({ host: 'example.com', port: 5060, protocol: 'WSS' });
    expect(() => destinationFor(request('tel:+15551234567'))).toThrow(/tel: URI/);
    expect(() => destinationFor(request('sip:bob@example.com;transport=sctp'))).toThrow(/unsupported transport "sctp"/);
  });
});
