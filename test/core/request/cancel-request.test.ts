import { describe, expect, it } from 'vitest';
import { createCancel, destinationFor, OutOfDialogRequestFactory } from '../../../src/core/request/index.js';
import { fixedIds } from './fixed-ids.js';

describe('createCancel (RFC 3261 §9.1)', () => {
  it('copies Request-URI, top Via, Route, To, From, Call-ID and the CSeq number, and goes where the INVITE went', () => {
    const factory = new OutOfDialogRequestFactory({
      transport: { protocol: 'TCP', viaHost: '192.0.2.10', viaPort: 5060 },
      contact: 'sip:alice@192.0.2.10;transport=tcp',
      routeSet: ['sip:strict.example.com;transport=tcp', 'sip:p2.example.com;lr'],
      ids: fixedIds(),
    });
    const invite = factory.create({ method: 'INVITE', to: 'sip:bob@example.com', from: 'sip:alice@example.com', cseq: 12 });
    const cancel = createCancel(invite, { extraHeaders: ['Reason: SIP;cause=487;text="Request Terminated"'] });
    expect(cancel.toString()).toBe(
      [
        'CANCEL sip:strict.example.com;transport=tcp SIP/2.0',
        'Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKbranch1',
        'Max-Forwards: 70',
        'Route: <sip:p2.example.com;lr>',
        'Route: <sip:bob@example.com>',
        'To: <sip:bob@example.com>',
        'From: <sip:alice@example.com>;tag=tag1',
        'Call-ID: call1@example.test',
        'CSeq: 12 CANCEL',
        'Reason: SIP;cause=487;text="Request Terminated"',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    expect(destinationFor(cancel)).toEqual({ host: 'strict.example.com', port: 5060, protocol: 'TCP' });
  });
});
