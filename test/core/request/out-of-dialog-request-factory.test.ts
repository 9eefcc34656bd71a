import { describe, expect, it } from 'vitest';
import { OutOfDialogRequestFactory, destinationFor } from '../../../src/core/request/index.js';
import { parseMessage, SipRequest } from '../../../src/syntax/index.js';
import { fixedIds } from './fixed-ids.js';

const wss = { protocol: 'WSS', viaHost: 'k3j2l9q0.invalid', viaPort: undefined } as const;
const udp = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5062 } as const;

function lines(...text: string[]): string {
  return text.join('\r\n');
}

describe('OutOfDialogRequestFactory (RFC 3261 §8.1.1)', () => {
  it('builds an INVITE through a loose-routing outbound proxy, with Contact, optional headers and a body', () => {
    const factory = new OutOfDialogRequestFactory({
      transport: wss,
      rport: true,
      contact: '<sip:h7g4esbg@k3j2l9q0.invalid;transport=ws;ob>',
      routeSet: ['sip:edge.example.com;transport=ws;lr'],
      userAgent: 'sipforge/0.1.0',
      supported: ['outbound', 'path'],
      allow: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'MESSAGE'],
      ids: fixedIds(),
    });
    const invite = factory.create({
      method: 'INVITE',
      to: '"Bob" <sip:bob@example.com>',
      from: { uri: 'sip:alice@example.com', displayName: 'Alice Ä' },
      body: 'v=0\r\n',
      contentType: 'application/sdp',
      extraHeaders: ['X-Account: 42', 'Subject: lunch?'],
    });
    expect(invite.toString()).toBe(
      lines(
        'INVITE sip:bob@example.com SIP/2.0',
        'Via: SIP/2.0/WSS k3j2l9q0.invalid;branch=z9hG4bKbranch1;rport',
        'Max-Forwards: 70',
        'Route: <sip:edge.example.com;transport=ws;lr>',
        'To: "Bob" <sip:bob@example.com>',
        'From: "Alice Ä" <sip:alice@example.com>;tag=tag1',
        'Call-ID: call1@example.test',
        'CSeq: 1 INVITE',
        'Contact: <sip:h7g4esbg@k3j2l9q0.invalid;transport=ws;ob>',
        'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE',
        'Supported: outbound, path',
        'User-Agent: sipforge/0.1.0',
        'X-Account: 42',
        'Subject: lunch?',
        'Content-Type: application/sdp',
        'Content-Length: 5',
        '',
        'v=0\r\n',
      ),
    );
    // The bytes parse back, every header included.
    const again = parseMessage(invite.toBytes()) as SipRequest;
    again.parseHeaders();
    expect(again.to.tag).toBeUndefined();
    expect(destinationFor(invite)).toEqual({ host: 'edge.example.com', port: 5060, protocol: 'WS' });
  });

  it('builds a REGISTER with a given Call-ID, CSeq and Contact parameters', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp, ids: fixedIds() });
    const register = factory.create({
      method: 'REGISTER',
      requestUri: 'sip:example.com',
      to: 'sip:alice@example.com',
      from: 'sip:alice@example.com',
      callId: 'reg-1@192.0.2.10',
      fromTag: 'fixed',
      cseq: 7,
      contact: {
        uri: 'sip:alice@192.0.2.10:5062',
        params: { expires: '600', '+sip.instance': '<urn:uuid:00000000-0000-1000-8000-000A95A0E128>', 'reg-id': '1' },
      },
    });
    expect(register.toString()).toBe(
      lines(
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKbranch1',
        'Max-Forwards: 70',
        'To: <sip:alice@example.com>',
        'From: <sip:alice@example.com>;tag=fixed',
        'Call-ID: reg-1@192.0.2.10',
        'CSeq: 7 REGISTER',
        'Contact: <sip:alice@192.0.2.10:5062>;expires=600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1',
        'Content-Length: 0',
        '',
        '',
      ),
    );
    expect(destinationFor(register)).toEqual({ host: 'example.com', port: 5060, protocol: 'UDP' });
  });

  it('places a strict router in the Request-URI and the target last in Route (§12.2.1.1), and sends to it', () => {
    const factory = new OutOfDialogRequestFactory({
      transport: udp,
      contact: 'sip:alice@192.0.2.10:5062',
      routeSet: ['sip:strict.example.com;method=INVITE?X-Hdr=1', 'sip:p2.example.com;lr', 'sip:p3.example.com'],
      ids: fixedIds(),
    });
    const message = factory.create({
      method: 'MESSAGE',
      to: 'sip:bob@example.com',
      from: 'sip:alice@example.com',
      body: 'hello',
      contentType: 'text/plain',
    });
    // The method parameter and headers are not allowed in a Request-URI (§19.1.1 Table 1);
    // MESSAGE creates no dialog, so the configured Contact is left out.
    expect(message.toString()).toBe(
      lines(
        'MESSAGE sip:strict.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKbranch1',
        'Max-Forwards: 70',
        'Route: <sip:p2.example.com;lr>',
        'Route: <sip:p3.example.com>',
        'Route: <sip:bob@example.com>',
        'To: <sip:bob@example.com>',
        'From: <sip:alice@example.com>;tag=tag1',
        'Call-ID: call1@example.test',
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain',
        'Content-Length: 5',
        '',
        'hello',
      ),
    );
    expect(destinationFor(message)).toEqual({ host: 'strict.example.com', port: 5060, protocol: 'UDP' });
  });

  it('takes the Request-URI from To by default, and a per-request Contact or none', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp, contact: 'sip:alice@192.0.2.10:5062', ids: fixedIds() });
    const options = factory.create({ method: 'OPTIONS', to: 'sip:bob@example.com;transport=tcp', from: 'sip:alice@example.com', contact: 'sip:a@192.0.2.10' });
    expect(options.startLine).toBe('OPTIONS sip:bob@example.com;transport=tcp SIP/2.0');
    expect(options.rawHeader('Contact')).toBe('<sip:a@192.0.2.10>');
    const invite = factory.create({ method: 'INVITE', to: 'sip:bob@example.com', from: 'sip:alice@example.com', contact: null });
    expect(invite.hasHeader('Contact')).toBe(false);
    expect(destinationFor(options)).toEqual({ host: 'example.com', port: 5060, protocol: 'TCP' });
  });

  it('draws a new branch, tag and Call-ID for every request by default', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp });
    const a = factory.create({ method: 'OPTIONS', to: 'sip:bob@example.com', from: 'sip:alice@example.com' });
    const b = factory.create({ method: 'OPTIONS', to: 'sip:bob@example.com', from: 'sip:alice@example.com' });
    expect(a.via.branch).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
    expect(a.via.branch).not.toBe(b.via.branch);
    expect(a.from.tag).not.toBe(b.from.tag);
    expect(a.callId).not.toBe(b.callId);
  });

  it('refuses ACK and CANCEL, which are built elsewhere', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp });
    expect(() => factory.create({ method: 'ACK', to: 'sip:bob@example.com', from: 'sip:alice@example.com' })).toThrow(/createAck/);
    expect(() => factory.create({ method: 'CANCEL', to: 'sip:bob@example.com', from: 'sip:alice@example.com' })).toThrow(/createCancel/);
  });

  it('refuses a body without a Content-Type, and bad CSeq numbers', () => {
    const factory = new OutOfDialogRequestFactory({ transport: udp });
    const base = { method: 'MESSAGE', to: 'sip:bob@example.com', from: 'sip:alice@example.com' };
    expect(() => factory.create({ ...base, body: 'hi' })).toThrow(TypeError);
    expect(() => factory.create({ ...base, cseq: 2 ** 31 })).toThrow(RangeError);
    expect(() => factory.create({ ...base, cseq: 1.5 })).toThrow(RangeError);
  });
});
