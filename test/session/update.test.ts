import { describe, expect, it } from 'vitest';
import { InviteClientContext, InviteServerContext, SessionStatus } from '../../src/api/contexts/index.js';
import type { SipRequest, SipResponse } from '../../src/syntax/index.js';
import { incoming } from '../api/support/incoming-request.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { acceptedCall, answer, answeredCall, BOB_CONTACT, callWire, settle } from './support/call.js';

// UPDATE (RFC 3311) in both directions in a confirmed dialog: the peer's offer answered in our 200
// (with our Contact, §5.2), a refresh without a body, 491 for an offer crossing ours, 500 + Retry-After
// for an offer while the previous one is still answered, 488 for an offer we cannot use; our update()
// with and without an offer, and the endings RFC 3261 §12.2.1.2 asks for.

const lastRequest = (transport: { requests: SipRequest[] }): SipRequest => transport.requests.at(-1)!;

describe("the peer's UPDATE (RFC 3311 §5.2)", () => {
  it('answers an offer 200 with our Contact and our answer, byte for byte; a sendonly offer is the peer holding', async () => {
    const { transport, deliver, fromBob, seen, context, handler } = await acceptedCall();
    await deliver(fromBob('UPDATE', 6, { body: peerSdp({ direction: 'sendonly', version: 2 }) }));
    const answerSdp = fakeSdp({ sessionId: 1000, version: 2, direction: 'recvonly' });
    expect(transport.last.text).toBe(
      'SIP/2.0 200 OK\r\n' +
        'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKbobUPDATE6\r\n' +
        'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
        `To: <sip:alice@example.com>;tag=${context.session.dialog!.id.localTag}\r\n` +
        'Call-ID: srv-call-1\r\n' +
        'CSeq: 6 UPDATE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${answerSdp.length}\r\n\r\n` +
        answerSdp,
    );
    expect(handler.log.slice(-2)).toEqual(['set offer sendonly', 'answer recvonly']);
    expect(seen).toEqual(['accepted 200', 'hold remote']);
    expect(context.isOnHold()).toEqual({ local: false, remote: true });
  });

  it('answers an UPDATE without a body 200 with our Contact and no body, and takes its Contact as the new remote target', async () => {
    const { transport, deliver, fromBob, context, handler } = await answeredCall();
    await deliver(fromBob('UPDATE', 1));
    const ok = transport.last.message;
    expect(transport.last.text.split('\r\n')[0]).toBe('SIP/2.0 200 OK');
    expect([ok.rawHeader('Contact'), ok.rawHeader('Content-Length'), ok.hasHeader('Content-Type')]).toEqual(['<sip:k7d2@ua1.invalid;transport=ws>', '0', false]);
    expect(handler.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    context.bye();
    expect(lastRequest(transport).uri.toString()).toBe('sip:bob@192.0.2.9;transport=ws');
  });

  it('answers 491 to an offer while our re-INVITE offer is pending (glare)', async () => {
    const { context, transport, deliver, fromBob } = await answeredCall();
    context.hold();
    await settle();
    await deliver(fromBob('UPDATE', 1, { body: peerSdp({ version: 2 }) }));
    expect(transport.statuses).toEqual([491]);
  });

  it('answers 491 to an offer while the offer of our 200 to an offerless re-INVITE waits for its ACK', async () => {
    const { transport, deliver, fromBob } = await acceptedCall();
    await deliver(fromBob('INVITE', 6));
    await deliver(fromBob('UPDATE', 7, { body: peerSdp({ version: 2 }) }));
    expect(transport.statuses.slice(-2)).toEqual([200, 491]);
  });

  it('answers 500 with a Retry-After of 0–10 s to an offer while the previous UPDATE offer is being answered', async () => {
    const { transport, deliver, fromBob } = await acceptedCall({ random: () => 0.95 });
    transport.deliver(fromBob('UPDATE', 6, { body: peerSdp({ version: 2 }) }));
    await deliver(fromBob('UPDATE', 7, { body: peerSdp({ version: 3 }) }));
    const responses = transport.sent
      .filter((s) => 'status' in s.message)
      .slice(-2)
      .map((s) => `${s.message.cseq.seq} ${'status' in s.message ? s.message.status : ''} ${s.message.rawHeader('Retry-After') ?? '-'}`);
    expect(responses).toEqual(['7 500 10', '6 200 -']);
  });

  it("answers 500 with Retry-After to an UPDATE offer while the peer's re-INVITE offer is being answered, and a re-INVITE the same while an UPDATE is", async () => {
    const { transport, deliver, fromBob } = await acceptedCall({ random: () => 0 });
    transport.deliver(fromBob('INVITE', 6, { body: peerSdp({ version: 2 }) }));
    await deliver(fromBob('UPDATE', 7, { body: peerSdp({ version: 3 }) }));
    expect(transport.sent.filter((s) => 'status' in s.message).slice(-2).map((s) => `${s.message.cseq.seq} ${'status' in s.message ? s.message.status : ''}`)).toEqual(['7 500', '6 200']);
    await deliver(fromBob('ACK', 6));
    transport.deliver(fromBob('UPDATE', 8, { body: peerSdp({ version: 4 }) }));
    await deliver(fromBob('INVITE', 9, { body: peerSdp({ version: 5 }) }));
    expect(transport.statuses.slice(-2)).toEqual([500, 200]);
    expect(transport.sent.filter((s) => 'status' in s.message).at(-2)!.message.rawHeader('Retry-After')).toBe('0');
  });

  it("the caller too answers 500 with Retry-After to an UPDATE offer while the callee's re-INVITE offer is being answered", async () => {
    const { transport, deliver, fromBob } = await answeredCall({ random: () => 0.5 });
    transport.deliver(fromBob('INVITE', 1, { body: peerSdp({ version: 2 }) }));
    await deliver(fromBob('UPDATE', 2, { body: peerSdp({ version: 3 }) }));
    const responses = transport.sent.filter((s) => 'status' in s.message).map((s) => `${s.message.cseq.seq} ${'status' in s.message ? s.message.status : ''} ${s.message.rawHeader('Retry-After') ?? '-'}`);
    expect(responses).toEqual(['2 500 5', '1 200 -']);
  });

  it('answers 488 to an offer it cannot use; the handler rolls back and the call goes on', async () => {
    const { transport, deliver, fromBob, handler, context } = await acceptedCall();
    await deliver(fromBob('UPDATE', 6, { body: peerSdp({ codecs: '18', version: 2 }) }));
    expect(transport.statuses.at(-1)).toBe(488);
    expect(handler.log.at(-1)).toBe('rollback');
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('answers 481 to an UPDATE in no dialog', async () => {
    const w = callWire();
    await w.deliver(incoming('UPDATE', { toTag: 'nobody' }));
    await w.deliver(incoming('UPDATE', { branch: 'z9hG4bKnotag' }));
    expect(w.transport.statuses).toEqual([481, 481]);
  });
});

describe('our UPDATE (RFC 3311 §5.1)', () => {
  it('update() sends an UPDATE in the dialog with a new offer and our Contact, byte for byte; the answer of its 200 is applied', async () => {
    const { context, transport, deliver, handler } = await answeredCall();
    const done = context.update();
    await settle();
    const offer = fakeSdp({ sessionId: 1000, version: 2, direction: 'sendrecv' });
    expect(transport.last.text).toBe(
      'UPDATE sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-6\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com;transport=ws;lr>\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 UPDATE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${offer.length}\r\n\r\n` +
        offer,
    );
    await deliver(answer(lastRequest(transport), 200, { toTag: 'b1', body: peerSdp({ direction: 'recvonly', version: 2 }) }));
    expect((await done).status_code).toBe(200);
    expect(handler.log.slice(-2)).toEqual(['offer sendrecv', 'set answer recvonly']);
    // No ACK for UPDATE: a non-INVITE transaction.
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'UPDATE']);
  });

  it('update({ offer: false }) sends an UPDATE without a body (a refresh); the media is not asked', async () => {
    const { context, transport, deliver, handler } = await answeredCall();
    const done = context.update({ offer: false, extraHeaders: ['X-Why: refresh'] });
    await settle();
    const sent = lastRequest(transport);
    expect([sent.method, sent.rawHeader('Content-Length'), sent.rawHeader('X-Why')]).toEqual(['UPDATE', '0', 'refresh']);
    await deliver(answer(sent, 200, { toTag: 'b1' }));
    expect((await done).status_code).toBe(200);
    expect(handler.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
  });

  it('rolls the offer back when the peer answers 491, and the call goes on', async () => {
    const { context, transport, deliver, handler } = await answeredCall();
    const done = context.update();
    await settle();
    await deliver(answer(lastRequest(transport), 491, { toTag: 'b1' }));
    expect((await done).status_code).toBe(491);
    expect(handler.log.slice(-2)).toEqual(['offer sendrecv', 'rollback']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('refuses an offer while another offer/answer is pending (§5.1), and before the call is established', async () => {
    const { context } = await answeredCall();
    context.hold();
    expect(() => context.update()).toThrow(/offer\/answer is pending/);
    const fresh = await acceptedCall({ ack: false });
    expect(() => fresh.context.update()).toThrow(/offer\/answer is pending/);
  });

  it('ends the session without a BYE when the peer answers 481, with one on 408 (RFC 3261 §12.2.1.2)', async () => {
    const gone = await answeredCall();
    void gone.context.update({ offer: false });
    await settle();
    await gone.deliver(answer(lastRequest(gone.transport), 481, { toTag: 'b1' }));
    expect(gone.seen).toEqual(['accepted 200', 'terminated 481 Dialog Error']);
    expect(gone.transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'UPDATE']);

    const slow = await answeredCall();
    void slow.context.update({ offer: false });
    await settle();
    await slow.deliver(answer(lastRequest(slow.transport), 408, { toTag: 'b1' }));
    expect(slow.seen).toEqual(['accepted 200', 'terminated 408 Request Timeout']);
    expect(slow.transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'UPDATE', 'BYE']);
  });

  it('a hold asked for while our UPDATE offer is pending waits for its answer, then goes as a re-INVITE', async () => {
    const { context, transport, deliver } = await answeredCall();
    void context.update();
    await settle();
    context.hold();
    await settle();
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'UPDATE']);
    await deliver(answer(lastRequest(transport), 200, { toTag: 'b1', body: peerSdp({ version: 2 }) }));
    await settle();
    expect([lastRequest(transport).method, lastRequest(transport).rawHeader('CSeq')]).toEqual(['INVITE', '3 INVITE']);
    expect(lastRequest(transport).bodyText).toMatch(/a=sendonly\r\n/);
  });
});

describe('UPDATE in an early dialog (RFC 3311 §5.1, without 100rel)', () => {
  it("callee: the caller's UPDATE after our 180 — without a body 200 with our Contact, with an offer 500 + Retry-After (its INVITE offer is unanswered); after the call failed, 481", async () => {
    const w = callWire({ random: () => 0.3 });
    const contexts: InviteServerContext[] = [];
    w.core.handle('INVITE', (request) => {
      const context = new InviteServerContext({ ...w.env, contact: '<sip:k7d2@ua1.invalid;transport=ws>' }, request);
      void context.prepare().then((ready) => ready && contexts.push(context));
    });
    await w.deliver(incoming('INVITE', { body: peerSdp(), contentType: 'application/sdp' }));
    const context = contexts[0]!;
    context.progress({ statusCode: 180 });
    const tag = context.incoming.localTag;
    await w.deliver(incoming('UPDATE', { toTag: tag, cseq: 6, branch: 'z9hG4bKu6' }));
    const refresh = w.transport.last.message as SipResponse;
    expect([refresh.status, refresh.rawHeader('Contact'), refresh.to.tag]).toEqual([200, '<sip:k7d2@ua1.invalid;transport=ws>', tag]);
    await w.deliver(incoming('UPDATE', { toTag: tag, cseq: 7, branch: 'z9hG4bKu7', body: peerSdp({ version: 2 }), contentType: 'application/sdp' }));
    const refused = w.transport.last.message as SipResponse;
    expect([refused.status, refused.rawHeader('Retry-After')]).toEqual([500, '3']);
    context.accept();
    await settle();
    const ok = w.transport.sent.map((s) => s.message).find((m): m is SipResponse => 'status' in m && m.status === 200 && m.cseq.method === 'INVITE')!;
    expect(ok.to.tag).toBe(tag);
    // The early dialog became the call's: its remote CSeq (7) holds, so a request numbered 7 again is out of order (RFC 3261 §12.2.2).
    await w.deliver(incoming('ACK', { toTag: tag, branch: 'z9hG4bKack1' }));
    await w.deliver(incoming('INFO', { toTag: tag, cseq: 7, branch: 'z9hG4bKi7' }));
    expect(w.transport.statuses.at(-1)).toBe(500);

    const second = callWire();
    const more: InviteServerContext[] = [];
    second.core.handle('INVITE', (request) => {
      const c = new InviteServerContext({ ...second.env, contact: '<sip:k7d2@ua1.invalid;transport=ws>' }, request);
      void c.prepare().then((ready) => ready && more.push(c));
    });
    await second.deliver(incoming('INVITE', { body: peerSdp(), contentType: 'application/sdp' }));
    more[0]!.progress({ statusCode: 183 });
    more[0]!.reject({ statusCode: 486 });
    await second.deliver(incoming('UPDATE', { toTag: more[0]!.incoming.localTag, cseq: 6, branch: 'z9hG4bKu8' }));
    expect(second.transport.statuses.at(-1)).toBe(481);
  });

  it("caller: the callee's UPDATE after its 180 — without a body 200 with our Contact, with an offer 491 (our INVITE offer is unanswered); after the 486, 481", async () => {
    const w = callWire();
    const context = new InviteClientContext(w.env, 'sip:bob@example.com', {});
    context.invite();
    await settle();
    const invite = w.transport.last.message as SipRequest;
    await w.deliver(answer(invite, 180, { toTag: 'b1', headers: [`Contact: ${BOB_CONTACT}`] }));
    const fromBob = (cseq: number, body?: string): string =>
      'UPDATE sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n' +
      `Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKe${cseq}\r\n` +
      'Max-Forwards: 69\r\n' +
      'From: <sip:bob@example.com>;tag=b1\r\n' +
      `To: "Alice" <sip:alice@example.com>;tag=${invite.from.tag}\r\n` +
      `Call-ID: ${invite.callId}\r\n` +
      `CSeq: ${cseq} UPDATE\r\n` +
      `Contact: ${BOB_CONTACT}\r\n` +
      (body === undefined ? '' : 'Content-Type: application/sdp\r\n') +
      `Content-Length: ${body?.length ?? 0}\r\n\r\n${body ?? ''}`;
    await w.deliver(fromBob(1));
    const refresh = w.transport.last.message as SipResponse;
    expect([refresh.status, refresh.rawHeader('Contact')]).toEqual([200, '<sip:k7d2@ua1.invalid;transport=ws>']);
    await w.deliver(fromBob(2, peerSdp({ version: 2 })));
    expect(w.transport.statuses.at(-1)).toBe(491);
    await w.deliver(answer(invite, 486, { toTag: 'b1' }));
    await w.deliver(fromBob(3));
    expect(w.transport.statuses.at(-1)).toBe(481);
  });
});
