import { describe, expect, it } from 'vitest';
import { SessionStatus } from '../../src/api/contexts/index.js';
import type { SipRequest } from '../../src/syntax/index.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { acceptedCall, answer, answeredCall, settle } from './support/call.js';

// re-INVITE in both directions (RFC 3261 §14, RFC 3264 §8, RFC 6337): hold and unhold by us and by the
// peer, glare (491 and the §14.1 wait), a re-INVITE while another is answered (500 + Retry-After), the
// state put back when a re-INVITE fails, queued holds, and the endings §12.2.1.2 asks for.

const lastRequest = (transport: { requests: SipRequest[] }): SipRequest => transport.requests.at(-1)!;

describe('hold and unhold from our side (RFC 3264 §8.4)', () => {
  it('hold() sends a re-INVITE in the dialog with a sendonly offer, o= version + 1; unhold() a sendrecv one', async () => {
    const { context, transport, deliver, seen, handler } = await answeredCall();
    context.hold();
    expect(seen).toEqual(['accepted 200', 'hold local']);
    expect(context.isOnHold()).toEqual({ local: true, remote: false });
    await settle();
    const offer = fakeSdp({ sessionId: 1000, version: 2, direction: 'sendonly' });
    expect(transport.last.text).toBe(
      'INVITE sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-6\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com;transport=ws;lr>\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${offer.length}\r\n\r\n` +
        offer,
    );
    const reinvite = transport.last.message as SipRequest;
    await deliver(answer(reinvite, 200, { toTag: 'b1', headers: ['Contact: <sip:bob@192.0.2.9;transport=ws>'], body: peerSdp({ direction: 'recvonly', version: 2 }) }));
    expect([lastRequest(transport).method, lastRequest(transport).rawHeader('CSeq'), lastRequest(transport).uri.toString()]).toEqual(['ACK', '2 ACK', 'sip:bob@192.0.2.9;transport=ws']);
    expect(handler.log).toEqual(['offer sendrecv', 'set answer sendrecv', 'offer sendonly', 'set answer recvonly']);

    context.unhold();
    await settle();
    expect(seen).toEqual(['accepted 200', 'hold local', 'unhold local']);
    const second = lastRequest(transport);
    expect([second.method, second.rawHeader('CSeq')]).toEqual(['INVITE', '3 INVITE']);
    expect(second.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 3, direction: 'sendrecv' }));
    await deliver(answer(second, 200, { toTag: 'b1', headers: ['Contact: <sip:bob@192.0.2.9;transport=ws>'], body: peerSdp({ version: 3 }) }));
    expect(context.isOnHold()).toEqual({ local: false, remote: false });
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('puts the state back when the re-INVITE fails (RFC 3261 §14.1): hold, then unhold when 488 comes; the handler rolls its offer back', async () => {
    const { context, transport, deliver, seen, handler } = await answeredCall();
    context.hold();
    await settle();
    await deliver(answer(lastRequest(transport), 488, { toTag: 'b1' }));
    expect(seen).toEqual(['accepted 200', 'hold local', 'unhold local']);
    expect(handler.log.slice(-2)).toEqual(['offer sendonly', 'rollback']);
    expect(context.isOnHold()).toEqual({ local: false, remote: false });
    // The INVITE transaction ACKed the 488 (§17.1.1.3); the call goes on.
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('queues a change asked for while its re-INVITE is pending, and sends nothing when it is undone before it could go', async () => {
    const { context, transport, deliver, seen } = await answeredCall();
    context.hold();
    await settle();
    const first = lastRequest(transport);
    context.unhold();
    context.hold();
    context.unhold();
    await settle();
    expect(transport.requests.filter((r) => r.method === 'INVITE')).toHaveLength(2);
    await deliver(answer(first, 200, { toTag: 'b1', body: peerSdp({ direction: 'recvonly', version: 2 }) }));
    // Held now, but unhold was asked last: one more re-INVITE brings it back.
    const next = lastRequest(transport);
    expect([next.method, next.rawHeader('CSeq')]).toEqual(['INVITE', '3 INVITE']);
    expect(next.bodyText).toMatch(/a=sendrecv\r\n/);
    expect(seen).toEqual(['accepted 200', 'hold local', 'unhold local', 'hold local', 'unhold local']);
  });

  it('offers inactive to hold a call the peer holds already', async () => {
    const { context, transport, deliver, fromBob, seen } = await answeredCall();
    await deliver(fromBob('INVITE', 1, { body: peerSdp({ direction: 'sendonly', version: 2 }) }));
    expect(transport.last.message.bodyText).toMatch(/a=recvonly\r\n/);
    await deliver(fromBob('ACK', 1));
    context.hold();
    await settle();
    expect(lastRequest(transport).bodyText).toMatch(/a=inactive\r\n/);
    expect(seen).toEqual(['accepted 200', 'hold remote', 'hold local']);
  });

  it('ends the session when the peer answers the re-INVITE 481 (no BYE) or 408 (BYE) (RFC 3261 §12.2.1.2)', async () => {
    const gone = await answeredCall();
    gone.context.hold();
    await settle();
    await gone.deliver(answer(lastRequest(gone.transport), 481, { toTag: 'b1' }));
    expect(gone.seen).toEqual(['accepted 200', 'hold local', 'terminated 481 Dialog Error']);
    expect(gone.transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK']);
    expect(gone.handler.closed).toBe(true);

    const slow = await answeredCall();
    slow.context.hold();
    await settle();
    await slow.deliver(answer(lastRequest(slow.transport), 408, { toTag: 'b1' }));
    expect(slow.seen).toEqual(['accepted 200', 'hold local', 'terminated 408 Request Timeout']);
    expect(slow.transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
  });

  it('ends the session with a BYE when the 2xx to our re-INVITE has no answer', async () => {
    const { context, transport, deliver, seen } = await answeredCall();
    context.hold();
    await settle();
    await deliver(answer(lastRequest(transport), 200, { toTag: 'b1' }));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
    expect(seen).toEqual(['accepted 200', 'hold local', 'terminated 200 Bad Media Description']);
  });

  it('ACKs each retransmission of the 2xx to our re-INVITE again', async () => {
    const { context, transport, deliver } = await answeredCall();
    context.hold();
    await settle();
    const ok = answer(lastRequest(transport), 200, { toTag: 'b1', body: peerSdp({ direction: 'recvonly', version: 2 }) });
    await deliver(ok);
    await deliver(ok);
    const acks = transport.requests.filter((r) => r.method === 'ACK').map((r) => r.toString());
    expect(acks).toHaveLength(3);
    expect(acks[2]).toBe(acks[1]);
  });
});

describe('hold and unhold by the peer (RFC 3261 §14.2, RFC 3264 §8.4)', () => {
  it('answers a sendonly re-INVITE recvonly with our Contact, emits hold remote; sendrecv again emits unhold remote', async () => {
    const { context, transport, deliver, fromBob, seen } = await acceptedCall();
    await deliver(fromBob('INVITE', 6, { body: peerSdp({ direction: 'sendonly', version: 2 }) }));
    const ok = transport.last.message;
    expect(transport.last.text.split('\r\n')[0]).toBe('SIP/2.0 200 OK');
    expect(ok.rawHeader('Contact')).toBe('<sip:k7d2@ua1.invalid;transport=ws>');
    expect(ok.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 2, direction: 'recvonly' }));
    expect(seen).toEqual(['accepted 200', 'hold remote']);
    expect(context.isOnHold()).toEqual({ local: false, remote: true });
    await deliver(fromBob('ACK', 6));
    await deliver(fromBob('INVITE', 7, { body: peerSdp({ version: 3 }) }));
    expect(transport.last.message.bodyText).toMatch(/a=sendrecv\r\n/);
    expect(seen).toEqual(['accepted 200', 'hold remote', 'unhold remote']);
    expect(context.isOnHold()).toEqual({ local: false, remote: false });
  });

  it('answers 488 to a re-INVITE whose offer cannot be used; the session is unchanged', async () => {
    const { context, transport, deliver, fromBob, seen } = await acceptedCall();
    await deliver(fromBob('INVITE', 6, { body: peerSdp({ codecs: '18', version: 2 }) }));
    expect(transport.statuses.at(-1)).toBe(488);
    expect(seen).toEqual(['accepted 200']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
    context.hold();
    await settle();
    expect(transport.requests.at(-1)!.method).toBe('INVITE');
  });

  it('offers in the 200 to a re-INVITE without an offer, and applies the answer of its ACK', async () => {
    const { transport, deliver, fromBob, seen, handler } = await acceptedCall();
    await deliver(fromBob('INVITE', 6));
    expect(transport.last.message.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 2, direction: 'sendrecv' }));
    await deliver(fromBob('ACK', 6, { body: peerSdp({ direction: 'sendonly', version: 2 }) }));
    expect(handler.log.slice(-2)).toEqual(['offer sendrecv', 'set answer sendonly']);
    expect(seen).toEqual(['accepted 200', 'hold remote']);
  });

  it('ends with a BYE (NO_ACK) when the 2xx to the peer\'s re-INVITE is never acknowledged (RFC 3261 §13.3.1.4)', async () => {
    const { transport, deliver, fromBob, seen, clock } = await acceptedCall();
    await deliver(fromBob('INVITE', 6, { body: peerSdp({ version: 2 }) }));
    clock.advance(32_000);
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'terminated none No ACK']);
  });

  it('answers 500 with Retry-After (0–10 s) to a re-INVITE that comes while the previous one is being answered (RFC 3261 §14.2)', async () => {
    const { transport, deliver, fromBob } = await acceptedCall({ random: () => 0.5 });
    transport.deliver(fromBob('INVITE', 6, { body: peerSdp({ version: 2 }) }));
    await deliver(fromBob('INVITE', 7, { body: peerSdp({ version: 3 }) }));
    const responses = transport.sent.filter((s) => 'status' in s.message).slice(-2).map((s) => `${s.message.cseq.seq} ${'status' in s.message ? s.message.status : ''} ${s.message.rawHeader('Retry-After') ?? '-'}`);
    expect(responses).toEqual(['7 500 5', '6 200 -']);
  });
});

describe('glare (RFC 3261 §14.1, §14.2)', () => {
  it('answers 491 to the peer\'s re-INVITE while ours is pending, and retries ours 2.1–4 s after its 491 when we own the Call-ID', async () => {
    const { context, transport, deliver, fromBob, clock } = await answeredCall({ random: () => 0.5 });
    context.hold();
    await settle();
    const ours = lastRequest(transport);
    await deliver(fromBob('INVITE', 1, { body: peerSdp({ version: 2 }) }));
    expect(transport.statuses).toEqual([491]);
    await deliver(answer(ours, 491, { toTag: 'b1' }));
    const invites = () => transport.requests.filter((r) => r.method === 'INVITE');
    expect(invites()).toHaveLength(2);
    // 2100 ms + 10 ms × floor(0.5 × 191) = 3050 ms.
    clock.advance(3049);
    await settle();
    expect(invites()).toHaveLength(2);
    clock.advance(1);
    await settle();
    expect(invites()).toHaveLength(3);
    expect(invites()[2]!.rawHeader('CSeq')).toBe('3 INVITE');
    expect(invites()[2]!.bodyText).toMatch(/a=sendonly\r\n/);
    expect(context.isOnHold().local).toBe(true);
  });

  it('waits 0–2 s before the retry when the peer owns the Call-ID', async () => {
    const { context, transport, deliver, clock } = await acceptedCall({ random: () => 0.5 });
    context.hold();
    await settle();
    await deliver(answer(transport.requests.at(-1)!, 491, { toTag: 'x' }));
    const invites = () => transport.requests.filter((r) => r.method === 'INVITE');
    // 10 ms × floor(0.5 × 201) = 1000 ms.
    clock.advance(999);
    await settle();
    expect(invites()).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(invites()).toHaveLength(2);
  });

  it('waits for the ACK of the initial INVITE before a hold asked for while it is missing (RFC 3261 §14.1)', async () => {
    const { context, transport, deliver, ack } = await acceptedCall({ ack: false });
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ACK);
    context.hold();
    await settle();
    expect(transport.requests).toHaveLength(0);
    await deliver(ack);
    expect(transport.requests.map((r) => `${r.method} ${r.rawHeader('CSeq')}`)).toEqual(['INVITE 1 INVITE']);
  });
});
