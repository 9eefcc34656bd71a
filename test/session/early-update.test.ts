import { describe, expect, it } from 'vitest';
import type { InviteServerContext, SipRequest, SipResponse } from '../../src/index.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { BOB_CONTACT, FIRST_RSEQ, fromBob, PROXY, prackUa, settle, toAlice } from './support/prack-ua.js';

// UPDATE with an offer in an early dialog once the initial offer/answer completed there (RFC 3311 §5.1
// with RFC 3262 §5: offer in the INVITE, answer in a reliable 1xx, PRACKed): the peer's offer answered 200
// with our Contact and answer, ours sent in the early dialog and its answer applied, both as callee and as
// caller; 491 for an offer crossing ours; before the exchange completed, the refusals of early-update.ts.

const statusLine = (r: SipResponse) => `${r.status} ${r.cseq.method}`;

async function callee() {
  const w = prackUa('supported');
  await settle();
  const calls: InviteServerContext[] = [];
  const seen: string[] = [];
  w.ua.on('invite', (context) => {
    calls.push(context);
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  });
  await w.deliver(fromBob('INVITE', { extra: ['Require: 100rel'], body: peerSdp() }));
  const call = calls[0]!;
  call.progress({ statusCode: 183 });
  await settle();
  const ringing = w.responses().find((r) => r.status === 183)!;
  const tag = ringing.to.tag!;
  return { ...w, call, seen, tag, ringing };
}

async function caller() {
  const w = prackUa('supported');
  await settle();
  const call = w.ua.invite('bob@example.test');
  const seen: string[] = [];
  call.on('accepted', (r) => seen.push(`accepted ${r.status}`));
  call.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  await settle();
  const invite = w.requests()[0]!;
  const lastRequest = (): SipRequest => w.requests().at(-1)!;
  /** bob's request in the early dialog (he is the callee: From carries his tag bob1, To ours). */
  const fromCallee = (method: string, cseq: number, body?: string): string =>
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKc${method}${cseq}\r\n` +
    'Max-Forwards: 69\r\n' +
    'From: <sip:bob@example.test>;tag=bob1\r\n' +
    `To: ${invite.rawHeader('From')}\r\n` +
    `Call-ID: ${invite.callId}\r\n` +
    `CSeq: ${cseq} ${method}\r\n` +
    `Contact: ${BOB_CONTACT}\r\n` +
    (body === undefined ? '' : 'Content-Type: application/sdp\r\n') +
    `Content-Length: ${body === undefined ? 0 : new TextEncoder().encode(body).length}\r\n\r\n${body ?? ''}`;
  return { ...w, call, seen, invite, lastRequest, fromCallee };
}

describe('callee: UPDATE in the early dialog of a reliable 183 (RFC 3311 §5.1)', () => {
  it("before the PRACK the caller's offer gets 500 + Retry-After; after it, 200 with our Contact and answer; the 200 to the INVITE repeats that answer", async () => {
    const { call, tag, ringing, deliver, responses, media, seen, ua } = await callee();
    expect(ringing.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 1 }));
    await deliver(fromBob('UPDATE', { toTag: tag, cseq: 2, body: peerSdp({ version: 2 }) }));
    expect([statusLine(responses().at(-1)!), responses().at(-1)!.hasHeader('Retry-After')]).toEqual(['500 UPDATE', true]);
    await deliver(fromBob('PRACK', { toTag: tag, cseq: 3, extra: [`RAck: ${FIRST_RSEQ} 1 INVITE`] }));
    expect(statusLine(responses().at(-1)!)).toBe('200 PRACK');
    await deliver(fromBob('UPDATE', { toTag: tag, cseq: 4, body: peerSdp({ version: 3, direction: 'sendonly' }) }));
    const ok = responses().at(-1)!;
    const answerSdp = fakeSdp({ sessionId: 1000, version: 2, direction: 'recvonly' });
    expect([statusLine(ok), ok.to.tag, ok.rawHeader('Contact'), ok.rawHeader('Content-Type'), ok.bodyText]).toEqual([
      '200 UPDATE',
      tag,
      `<${String(ua.contact)}>`,
      'application/sdp',
      answerSdp,
    ]);
    expect(media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv', 'set offer sendonly', 'answer recvonly']);
    call.accept();
    await settle();
    const final = responses().at(-1)!;
    // RFC 3262 §5: the offer/answer is complete; the 2xx repeats our latest description, no new offer.
    expect([statusLine(final), final.bodyText]).toEqual(['200 INVITE', answerSdp]);
    expect(media[0]!.log).toHaveLength(4);
    expect(seen).toEqual(['accepted 200']);
  });

  it('update() sends an offer in the early dialog after the PRACK (route set, remote target, CSeq); the answer of its 200 is applied; refused before the PRACK', async () => {
    const { call, tag, deliver, requests, media, responses, ua } = await callee();
    expect(() => call.update()).toThrow(/Invalid status/);
    await deliver(fromBob('PRACK', { toTag: tag, cseq: 2, extra: [`RAck: ${FIRST_RSEQ} 1 INVITE`] }));
    const done = call.update();
    await settle();
    const update = requests().at(-1)!;
    const offer = fakeSdp({ sessionId: 1000, version: 2 });
    expect(update.method).toBe('UPDATE');
    expect(update.uri.toString()).toBe('sip:bob@192.0.2.9;transport=ws');
    expect(update.rawHeaders('Route')).toEqual([PROXY]);
    expect([update.from.tag, update.to.tag, update.callId]).toEqual([tag, 'b1', 'prack-call-1']);
    expect(update.rawHeader('Contact')).toBe(`<${String(ua.contact)}>`);
    expect([update.rawHeader('Content-Type'), update.bodyText]).toEqual(['application/sdp', offer]);
    expect(update.hasHeader('Session-Expires')).toBe(false);
    // A second offer while this one waits for its answer: refused (§5.1).
    expect(() => call.update()).toThrow(/pending/);
    await deliver(toAlice(update, 200, { body: peerSdp({ version: 2, direction: 'recvonly' }) }));
    expect((await done).status_code).toBe(200);
    expect(media[0]!.log.slice(-2)).toEqual(['offer sendrecv', 'set answer recvonly']);
    call.accept();
    await settle();
    expect([statusLine(responses().at(-1)!), responses().at(-1)!.bodyText]).toEqual(['200 INVITE', offer]);
  });

  it("answers 491 to the caller's offer while our early UPDATE offer is pending", async () => {
    const { call, tag, deliver, responses } = await callee();
    await deliver(fromBob('PRACK', { toTag: tag, cseq: 2, extra: [`RAck: ${FIRST_RSEQ} 1 INVITE`] }));
    void call.update().catch(() => undefined);
    await settle();
    await deliver(fromBob('UPDATE', { toTag: tag, cseq: 3, body: peerSdp({ version: 2 }) }));
    expect(statusLine(responses().at(-1)!)).toBe('491 UPDATE');
  });
});

describe('caller: UPDATE in the early dialog of a reliable 183 (RFC 3311 §5.1)', () => {
  it("after the PRACK's 200, the callee's offer gets 200 with our Contact and answer; the 2xx of the INVITE changes nothing", async () => {
    const { invite, deliver, fromCallee, responses, lastRequest, media, seen, call, ua } = await caller();
    await deliver(toAlice(invite, 183, { toTag: 'bob1', headers: ['Require: 100rel', 'RSeq: 5'], body: peerSdp() }));
    const prack = lastRequest();
    expect([prack.method, prack.rawHeader('RAck')]).toEqual(['PRACK', '5 1 INVITE']);
    // The PRACK not answered yet: our exchange is not through, and the offer is glare with our INVITE's.
    await deliver(fromCallee('UPDATE', 1, peerSdp({ version: 2 })));
    expect(statusLine(responses().at(-1)!)).toBe('491 UPDATE');
    expect(() => call.update()).toThrow(/Invalid status/);
    await deliver(toAlice(prack, 200));
    await deliver(fromCallee('UPDATE', 2, peerSdp({ version: 2, direction: 'sendonly' })));
    const ok = responses().at(-1)!;
    const answerSdp = fakeSdp({ sessionId: 1000, version: 2, direction: 'recvonly' });
    expect([statusLine(ok), ok.rawHeader('Contact'), ok.bodyText]).toEqual(['200 UPDATE', `<${String(ua.contact)}>`, answerSdp]);
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv', 'set offer sendonly', 'answer recvonly']);
    await deliver(toAlice(invite, 200, { toTag: 'bob1', body: peerSdp() }));
    expect(media[0]!.log).toHaveLength(4);
    expect(seen).toEqual(['accepted 200']);
    // The peer still holds (its UPDATE's offer), not what the 2xx repeats.
    expect(call.isOnHold()).toEqual({ local: false, remote: true });
    const ack = lastRequest();
    expect([ack.method, ack.body.length]).toEqual(['ACK', 0]);
  });

  it("update() after the PRACK's 200 sends an offer in the early dialog (route set, remote target, next CSeq); its answer is applied; the BYE follows in CSeq", async () => {
    const { invite, deliver, lastRequest, media, call, requests } = await caller();
    await deliver(toAlice(invite, 183, { toTag: 'bob1', headers: ['Require: 100rel', 'RSeq: 5'], body: peerSdp() }));
    await deliver(toAlice(lastRequest(), 200));
    const done = call.update();
    await settle();
    const update = lastRequest();
    const offer = fakeSdp({ sessionId: 1000, version: 2 });
    expect([update.method, update.rawHeader('CSeq'), update.uri.toString()]).toEqual(['UPDATE', '3 UPDATE', 'sip:bob@192.0.2.9;transport=ws']);
    expect(update.rawHeaders('Route')).toEqual([PROXY]);
    expect([update.from.tag, update.to.tag]).toEqual([invite.from.tag, 'bob1']);
    expect(update.bodyText).toBe(offer);
    await deliver(toAlice(update, 200, { body: peerSdp({ version: 2, direction: 'recvonly' }) }));
    expect((await done).status_code).toBe(200);
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv', 'offer sendrecv', 'set answer recvonly']);
    await deliver(toAlice(invite, 200, { toTag: 'bob1', body: peerSdp() }));
    expect(media[0]!.log).toHaveLength(4);
    call.bye();
    await settle();
    expect(requests().map((r) => `${r.method} ${r.rawHeader('CSeq')}`)).toEqual(['INVITE 1 INVITE', 'PRACK 2 PRACK', 'UPDATE 3 UPDATE', 'ACK 1 ACK', 'BYE 4 BYE']);
  });

  it('a 481 to our early UPDATE gives the INVITE up with a CANCEL', async () => {
    const { invite, deliver, lastRequest, call } = await caller();
    await deliver(toAlice(invite, 183, { toTag: 'bob1', headers: ['Require: 100rel', 'RSeq: 5'], body: peerSdp() }));
    await deliver(toAlice(lastRequest(), 200));
    const done = call.update();
    await settle();
    await deliver(toAlice(lastRequest(), 481));
    expect((await done).status_code).toBe(481);
    expect([lastRequest().method, lastRequest().rawHeader('CSeq')]).toEqual(['CANCEL', '1 CANCEL']);
  });
});

describe('without 100rel the early refusal holds', () => {
  it('rel100 none: update() before the 2xx is refused (InvalidStateError); an offer of the callee after its 183 with SDP gets 491', async () => {
    const w = prackUa('none');
    await settle();
    const call = w.ua.invite('bob@example.test');
    await settle();
    const invite = w.requests()[0]!;
    await w.deliver(toAlice(invite, 183, { toTag: 'bob1', body: peerSdp() }));
    expect(() => call.update()).toThrow(/Invalid status/);
    await w.deliver(
      'UPDATE sip:alice@abc.invalid;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKn1\r\n' +
        'Max-Forwards: 69\r\n' +
        'From: <sip:bob@example.test>;tag=bob1\r\n' +
        `To: ${invite.rawHeader('From')}\r\n` +
        `Call-ID: ${invite.callId}\r\n` +
        'CSeq: 1 UPDATE\r\n' +
        `Contact: ${BOB_CONTACT}\r\n` +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${peerSdp({ version: 2 }).length}\r\n\r\n${peerSdp({ version: 2 })}`,
    );
    expect(w.responses().at(-1)!.status).toBe(491);
  });
});
