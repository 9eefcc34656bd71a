import { describe, expect, it } from 'vitest';
import { InviteClientContext, SessionStatus } from '../../../src/api/contexts/index.js';
import { InvalidStateError } from '../../../src/api/exceptions.js';
import { consoleListenerErrorHandler } from '../../../src/transport/index.js';
import { fakeMediaFactory, fakeSdp, peerSdp } from '../../support/fake-media-handler.js';
import { ALICE, answer, CHALLENGE, media, routeDialogs, SERVER, settle, wire } from '../support/context-wire.js';

const ANSWER = peerSdp();
const BOB = ['Contact: <sip:bob@192.0.2.9;transport=ws>'];

function setup(options: { credentials?: typeof ALICE } = {}) {
  const w = wire(options);
  routeDialogs(w.core, w.dialogs);
  const fake = fakeMediaFactory();
  const env = {
    sender: w.sender,
    core: w.core,
    destination: () => SERVER,
    dialog: { transport: w.transport, userAgent: 'sipforge-test', ids: w.ids },
    dialogs: w.dialogs,
    media: media(fake.factory),
  };
  const call = async (invite = true) => {
    const context = new InviteClientContext(env, 'sip:bob@example.com');
    const seen: string[] = [];
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    context.on('cancel', () => seen.push('cancel'));
    context.on('bye', (r) => seen.push(`bye ${r.method}`));
    context.on('terminated', (m, cause) => seen.push(`terminated ${m === undefined ? 'none' : 'status' in m ? m.status : m.method} ${cause ?? '-'}`));
    if (invite) {
      context.invite();
      await settle();
    }
    return { context, seen };
  };
  /** Deliver `text` and let the media handler's promises settle. */
  const deliver = async (text: string) => {
    w.transport.deliver(text);
    await settle();
  };
  return { ...w, call, deliver, env, handlers: fake.handlers };
}

describe('InviteClientContext', () => {
  it('sends the INVITE with the media handler\'s offer and our Contact', async () => {
    const { call, transport } = setup();
    await call();
    const offer = fakeSdp({ sessionId: 1000, version: 1 });
    expect(transport.last.text).toBe(
      'INVITE sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-4\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${offer.length}\r\n\r\n` +
        offer,
    );
    expect(transport.last.to).toEqual(SERVER);
  });

  it('emits progress then accepted once the answer is applied, and ACKs the 2xx in its dialog (RFC 3261 §13.2.2.4)', async () => {
    const { call, transport, core, deliver, handlers } = setup();
    const { context, seen } = await call();
    expect(context.status).toBe(SessionStatus.STATUS_INVITE_SENT);
    await deliver(answer(context.request, 100));
    await deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    expect(context.status).toBe(SessionStatus.STATUS_1XX_RECEIVED);
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: ['Record-Route: <sip:edge.example.com;transport=ws;lr>', ...BOB], body: ANSWER }));
    expect(seen).toEqual(['progress 100', 'progress 180', 'accepted 200']);
    expect(handlers[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
    expect(transport.last.to).toEqual(SERVER);
    expect(transport.last.text).toBe(
      'ACK sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-5\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com;transport=ws;lr>\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 ACK\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    expect(core.dialogs.get(context.dialog!.key)).toBe(context.dialog);
    expect(context.startTime).toBeInstanceOf(Date);
  });

  it('ACKs every retransmission of the 2xx with the same ACK', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    const ok = answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER });
    await deliver(ok);
    const ack = transport.last.text;
    await deliver(ok);
    await deliver(ok);
    const acks = transport.sent.filter((s) => s.text.startsWith('ACK '));
    expect(acks.map((s) => s.text)).toEqual([ack, ack, ack]);
    expect(seen).toEqual(['accepted 200']);
  });

  it('ACKs a 2xx from a second fork and ends that call with a BYE', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    await deliver(answer(context.request, 200, { toTag: 'b2', headers: ['Contact: <sip:bob@192.0.2.10;transport=ws>'], body: ANSWER }));
    const [ack2, bye2] = transport.requests.slice(-2);
    expect([ack2!.method, ack2!.uri.toString(), ack2!.to.tag]).toEqual(['ACK', 'sip:bob@192.0.2.10;transport=ws', 'b2']);
    expect([bye2!.method, bye2!.uri.toString(), bye2!.to.tag, bye2!.rawHeader('CSeq')]).toEqual(['BYE', 'sip:bob@192.0.2.10;transport=ws', 'b2', '2 BYE']);
    expect(seen).toEqual(['accepted 200']);
    expect(context.dialog!.id.remoteTag).toBe('b1');
  });

  it('once ended, lets go of the context (its listeners and hooks), and still ACKs and ends a 2xx of another fork while Timer M runs', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    const session = context.session;
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    context.bye();
    // RFC 6026 §8.4 keeps the INVITE transaction, and through it the session, for 64*T1 after the 2xx;
    // nothing the session holds then may lead back to the application's context.
    expect(session.listenerCount('terminated') + session.listenerCount('bye') + session.listenerCount('accepted')).toBe(0);
    expect(session.onListenerError).toBe(consoleListenerErrorHandler);
    expect(session.takesRefer()).toBe(false);
    await deliver(answer(context.request, 200, { toTag: 'b2', headers: ['Contact: <sip:bob@192.0.2.10;transport=ws>'], body: ANSWER }));
    const [ack2, bye2] = transport.requests.slice(-2);
    expect([ack2!.method, ack2!.to.tag, bye2!.method, bye2!.to.tag]).toEqual(['ACK', 'b2', 'BYE', 'b2']);
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated none -']);
  });

  it('answers a challenge and ACKs the 2xx with the retry\'s CSeq and credentials', async () => {
    const { call, transport, deliver } = setup({ credentials: ALICE });
    const { context, seen } = await call();
    const first = context.request;
    await deliver(answer(first, 401, { toTag: 'x', headers: [CHALLENGE] }));
    // The INVITE transaction ACKs the 401 itself (RFC 3261 §17.1.1.3), then the retry goes out.
    expect(transport.requests.map((r) => `${r.method} ${r.rawHeader('CSeq')}`)).toEqual(['INVITE 1 INVITE', 'ACK 1 ACK', 'INVITE 2 INVITE']);
    const retry = context.request;
    expect(retry.rawHeader('Authorization')).toMatch(/^Digest username="alice"/);
    expect(retry.bodyText).toBe(first.bodyText);
    await deliver(answer(retry, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    const ack = transport.requests[3]!;
    expect([ack.method, ack.rawHeader('CSeq'), ack.rawHeader('Authorization')]).toEqual(['ACK', '2 ACK', retry.rawHeader('Authorization')]);
    expect(seen).toEqual(['accepted 200']);
  });

  it('emits rejected, failed, then terminated with the cause of a final error; the media handler is closed', async () => {
    const { call, deliver, handlers } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 486, { toTag: 'b1' }));
    expect(seen).toEqual(['rejected 486 Busy', 'failed 486 Busy', 'terminated 486 Busy']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(handlers[0]!.closed).toBe(true);
  });

  it('fails with AUTHENTICATION_ERROR when challenged twice', async () => {
    const { call, deliver } = setup({ credentials: ALICE });
    const { context, seen } = await call();
    await deliver(answer(context.request, 407, { headers: ['Proxy-Authenticate: Digest realm="example.com", nonce="1"'] }));
    await deliver(answer(context.request, 407, { headers: ['Proxy-Authenticate: Digest realm="example.com", nonce="2"'] }));
    expect(seen.slice(0, 2)).toEqual(['rejected 407 Authentication Error', 'failed 407 Authentication Error']);
  });

  it('fails with REQUEST_TIMEOUT when Timer B fires with no response', async () => {
    const { call, clock } = setup();
    const { seen } = await call();
    clock.advance(31_999);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual(['failed none Request Timeout', 'terminated none Request Timeout']);
  });

  it('fails with CONNECTION_ERROR when the INVITE cannot be sent', async () => {
    const { call, transport } = setup();
    transport.failing = true;
    const { seen } = await call();
    await settle();
    expect(seen).toEqual(['failed none Connection Error', 'terminated none Connection Error']);
  });

  it('sends CANCEL at once after a provisional response, with a Reason when a status is given', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    const invite = context.request;
    await deliver(answer(invite, 180, { toTag: 'b1', headers: BOB }));
    context.cancel({ status_code: 480, reason_phrase: 'Gone away', extraHeaders: ['X-Why: test'] });
    expect(context.status).toBe(SessionStatus.STATUS_CANCELED);
    expect(transport.last.text).toBe(
      'CANCEL sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-4\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 CANCEL\r\n' +
        'X-Why: test\r\n' +
        'Reason: SIP;cause=480;text="Gone away"\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    await deliver(answer(transport.requests[1]!, 200, { toTag: 'b1' }));
    await deliver(answer(invite, 487, { toTag: 'b1' }));
    expect(seen).toEqual(['progress 180', 'cancel', 'rejected 487 Canceled', 'failed 487 Canceled', 'terminated 487 Canceled']);
    // The INVITE transaction acknowledged the 487 (RFC 3261 §17.1.1.3).
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL', 'ACK']);
  });

  it('holds the CANCEL until a provisional response arrives (RFC 3261 §9.1)', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    context.cancel();
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE']);
    await deliver(answer(context.request, 100));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL']);
    expect(transport.last.message.hasHeader('Reason')).toBe(false);
    expect(seen).toEqual(['cancel']);
  });

  it('sends nothing when cancelled before invite(): cancel, failed CANCELED, terminated', async () => {
    const { call, transport } = setup();
    const { context, seen } = await call(false);
    context.cancel();
    context.invite();
    await settle();
    expect(transport.sent).toHaveLength(0);
    expect(seen).toEqual(['cancel', 'failed none Canceled', 'terminated none Canceled']);
  });

  it('sends nothing when cancelled while the media handler makes the offer', async () => {
    const { call, transport, handlers } = setup();
    const { context, seen } = await call(false);
    context.invite();
    context.cancel();
    await settle();
    expect(transport.sent).toHaveLength(0);
    expect(seen).toEqual(['cancel', 'failed none Canceled', 'terminated none Canceled']);
    expect(handlers[0]!.closed).toBe(true);
  });

  it('gives up 64*T1 after the CANCEL when no final response comes', async () => {
    const { call, clock, deliver } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    context.cancel();
    clock.advance(31_999);
    expect(seen).toEqual(['progress 180', 'cancel']);
    clock.advance(1);
    expect(seen).toEqual(['progress 180', 'cancel', 'failed none Canceled', 'terminated none Canceled']);
  });

  it('ACKs and BYEs a 2xx that crossed the CANCEL', async () => {
    const { call, transport, deliver } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    context.cancel();
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
    expect(seen).toEqual(['progress 180', 'cancel', 'bye BYE', 'terminated 200 Canceled']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('ends the accepted call with bye() and forgets the dialog', async () => {
    const { call, transport, core, deliver, handlers } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    const key = context.dialog!.key;
    context.bye({ extraHeaders: ['Reason: Q.850;cause=16'] });
    expect(transport.last.text).toBe(
      'BYE sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-6\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 BYE\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Reason: Q.850;cause=16\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    expect(core.dialogs.has(key)).toBe(false);
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated none -']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(context.endTime).toBeInstanceOf(Date);
    expect(handlers[0]!.closed).toBe(true);
  });

  it('answers a BYE from the callee 200, emits bye with it and forgets the dialog (RFC 3261 §15.1.2)', async () => {
    const { call, transport, core, deliver, handlers } = setup();
    const { context, seen } = await call();
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    const key = context.dialog!.key;
    const byeFromBob = (branch: string) =>
      'BYE sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n' +
      `Via: SIP/2.0/WSS edge.example.com;branch=${branch}\r\n` +
      'Max-Forwards: 69\r\n' +
      'From: <sip:bob@example.com>;tag=b1\r\n' +
      'To: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
      `Call-ID: ${context.request.callId}\r\n` +
      'CSeq: 1 BYE\r\n' +
      'Content-Length: 0\r\n\r\n';
    await deliver(byeFromBob('z9hG4bKbye1'));
    expect(transport.statuses).toEqual([200]);
    expect(transport.last.message.cseq.method).toBe('BYE');
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated BYE -']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(core.dialogs.has(key)).toBe(false);
    expect(handlers[0]!.closed).toBe(true);
    expect(() => context.bye()).toThrow(InvalidStateError);
    // The dialog is over: another BYE in it matches none (§12.2.2).
    await deliver(byeFromBob('z9hG4bKbye2'));
    expect(transport.statuses).toEqual([200, 481]);
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated BYE -']);
  });

  it('terminate() cancels a ringing call, ends an answered one with BYE, and refuses an ended one (legacy)', async () => {
    const { call, transport, deliver } = setup();
    const ringing = await call();
    await deliver(answer(ringing.context.request, 180, { toTag: 'b1', headers: BOB }));
    ringing.context.terminate();
    expect(transport.requests.at(-1)!.method).toBe('CANCEL');
    expect(ringing.seen).toEqual(['progress 180', 'cancel']);

    const answered = await call();
    await deliver(answer(answered.context.request, 200, { toTag: 'b2', headers: BOB, body: ANSWER }));
    answered.context.terminate({ extraHeaders: ['Reason: Q.850;cause=16'] });
    expect(transport.requests.at(-1)!.method).toBe('BYE');
    expect(transport.last.message.rawHeader('Reason')).toBe('Q.850;cause=16');
    expect(answered.seen).toEqual(['accepted 200', 'bye BYE', 'terminated none -']);
    expect(() => answered.context.terminate()).toThrow(InvalidStateError);
  });

  it('refuses cancel() once accepted and bye() before, with InvalidStateError', async () => {
    const { call, deliver } = setup();
    const { context } = await call();
    expect(() => context.bye()).toThrow(InvalidStateError);
    await deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: ANSWER }));
    expect(() => context.cancel()).toThrow(InvalidStateError);
  });

  it('refuses bad input with a TypeError before anything is sent', async () => {
    const { transport, env, deliver } = setup();
    expect(() => new InviteClientContext(env, 'sip:bob@example.com', { extraHeaders: ['X-A: 1\nX-B: 2'] })).toThrow(/^extraHeaders\[0\] must not contain/);
    expect(() => new InviteClientContext(env, 'bob@@', {})).toThrow(/^target is not a valid URI/);
    expect(() => new InviteClientContext(env, 'sip:bob@example.com', { extraHeaders: ['Content-Type: text/plain'] })).toThrow(/Content-Type/);
    expect(() => new InviteClientContext(env, 'sip:bob@example.com', { mediaConstraints: { audio: 'yes' as unknown as boolean } })).toThrow(/^audio must be true or false/);
    const context = new InviteClientContext(env, 'sip:bob@example.com').invite();
    await settle();
    await deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    expect(() => context.cancel({ extraHeaders: ['Bad Header: x'] })).toThrow(/^extraHeaders\[0\] header name must be a token/);
    expect(() => context.cancel({ statusCode: 100 })).toThrow(/^statusCode must be an integer from 200 to 699/);
    expect(() => context.cancel({ statusCode: 487, reasonPhrase: 'a\r\nb' })).toThrow(/^reasonPhrase must not contain/);
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE']);
    expect(context.status).toBe(SessionStatus.STATUS_1XX_RECEIVED);
  });

  it('fails with WEBRTC_NOT_SUPPORTED, sending nothing, when there is no media handler', async () => {
    const { transport, env } = setup();
    const context = new InviteClientContext({ ...env, media: media(null) }, 'sip:bob@example.com');
    const seen: string[] = [];
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    context.on('terminated', (_m, cause) => seen.push(`terminated ${cause}`));
    context.invite();
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual(['failed none WebRTC Not Supported', 'terminated WebRTC Not Supported']);
    expect(transport.sent).toHaveLength(0);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });
});
