import { describe, expect, it } from 'vitest';
import { InviteClientContext, SessionStatus } from '../../../src/api/contexts/index.js';
import { InvalidStateError } from '../../../src/api/exceptions.js';
import { ALICE, answer, CHALLENGE, routeDialogs, SERVER, settle, wire } from '../support/context-wire.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 192.0.2.4\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const BOB = ['Contact: <sip:bob@192.0.2.9;transport=ws>'];

function setup(options: { credentials?: typeof ALICE } = {}) {
  const w = wire(options);
  routeDialogs(w.core, w.dialogs);
  const env = { sender: w.sender, core: w.core, destination: () => SERVER, dialog: { transport: w.transport, userAgent: 'sipforge-test', ids: w.ids }, dialogs: w.dialogs };
  const call = (invite = true) => {
    const context = new InviteClientContext(env, 'sip:bob@example.com', { body: SDP });
    const seen: string[] = [];
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    context.on('cancel', () => seen.push('cancel'));
    context.on('bye', (r) => seen.push(`bye ${r.method}`));
    if (invite) context.invite();
    return { context, seen };
  };
  return { ...w, call };
}

describe('InviteClientContext', () => {
  it('sends the INVITE with its SDP offer and Contact', () => {
    const { call, transport } = setup();
    call();
    expect(transport.last.text).toBe(
      'INVITE sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-3\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${SDP.length}\r\n\r\n` +
        SDP,
    );
    expect(transport.last.to).toEqual(SERVER);
  });

  it('emits progress then accepted, and ACKs the 2xx in its dialog (RFC 3261 §13.2.2.4)', () => {
    const { call, transport, core } = setup();
    const { context, seen } = call();
    expect(context.status).toBe(SessionStatus.STATUS_INVITE_SENT);
    transport.deliver(answer(context.request, 100));
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    expect(context.status).toBe(SessionStatus.STATUS_1XX_RECEIVED);
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: ['Record-Route: <sip:edge.example.com;transport=ws;lr>', ...BOB], body: SDP }));
    expect(seen).toEqual(['progress 100', 'progress 180', 'accepted 200']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
    expect(transport.last.to).toEqual(SERVER);
    expect(transport.last.text).toBe(
      'ACK sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-4\r\n' +
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
  });

  it('ACKs every retransmission of the 2xx with the same ACK', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    const ok = answer(context.request, 200, { toTag: 'b1', headers: BOB });
    transport.deliver(ok);
    const ack = transport.last.text;
    transport.deliver(ok);
    transport.deliver(ok);
    const acks = transport.sent.filter((s) => s.text.startsWith('ACK '));
    expect(acks.map((s) => s.text)).toEqual([ack, ack, ack]);
    expect(seen).toEqual(['accepted 200']);
  });

  it('ACKs a 2xx from a second fork and ends that call with a BYE', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB }));
    transport.deliver(answer(context.request, 200, { toTag: 'b2', headers: ['Contact: <sip:bob@192.0.2.10;transport=ws>'] }));
    const [ack2, bye2] = transport.requests.slice(-2);
    expect([ack2!.method, ack2!.uri.toString(), ack2!.to.tag]).toEqual(['ACK', 'sip:bob@192.0.2.10;transport=ws', 'b2']);
    expect([bye2!.method, bye2!.uri.toString(), bye2!.to.tag, bye2!.rawHeader('CSeq')]).toEqual(['BYE', 'sip:bob@192.0.2.10;transport=ws', 'b2', '2 BYE']);
    expect(seen).toEqual(['accepted 200']);
    expect(context.dialog!.id.remoteTag).toBe('b1');
  });

  it('answers a challenge and ACKs the 2xx with the retry\'s CSeq and credentials', () => {
    const { call, transport } = setup({ credentials: ALICE });
    const { context, seen } = call();
    const first = context.request;
    transport.deliver(answer(first, 401, { toTag: 'x', headers: [CHALLENGE] }));
    // The INVITE transaction ACKs the 401 itself (RFC 3261 §17.1.1.3), then the retry goes out.
    expect(transport.requests.map((r) => `${r.method} ${r.rawHeader('CSeq')}`)).toEqual(['INVITE 1 INVITE', 'ACK 1 ACK', 'INVITE 2 INVITE']);
    const retry = context.request;
    expect(retry.rawHeader('Authorization')).toMatch(/^Digest username="alice"/);
    expect(retry.bodyText).toBe(SDP);
    transport.deliver(answer(retry, 200, { toTag: 'b1', headers: BOB }));
    const ack = transport.requests[3]!;
    expect([ack.method, ack.rawHeader('CSeq'), ack.rawHeader('Authorization')]).toEqual(['ACK', '2 ACK', retry.rawHeader('Authorization')]);
    expect(seen).toEqual(['accepted 200']);
  });

  it('emits rejected then failed with the cause of a final error', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 486, { toTag: 'b1' }));
    expect(seen).toEqual(['rejected 486 Busy', 'failed 486 Busy']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('fails with AUTHENTICATION_ERROR when challenged twice', () => {
    const { call, transport } = setup({ credentials: ALICE });
    const { context, seen } = call();
    transport.deliver(answer(context.request, 407, { headers: ['Proxy-Authenticate: Digest realm="example.com", nonce="1"'] }));
    transport.deliver(answer(context.request, 407, { headers: ['Proxy-Authenticate: Digest realm="example.com", nonce="2"'] }));
    expect(seen).toEqual(['rejected 407 Authentication Error', 'failed 407 Authentication Error']);
  });

  it('fails with REQUEST_TIMEOUT when Timer B fires with no response', () => {
    const { call, clock } = setup();
    const { seen } = call();
    clock.advance(31_999);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual(['failed none Request Timeout']);
  });

  it('fails with CONNECTION_ERROR when the INVITE cannot be sent', async () => {
    const { call, transport } = setup();
    transport.failing = true;
    const { seen } = call();
    await settle();
    expect(seen).toEqual(['failed none Connection Error']);
  });

  it('sends CANCEL at once after a provisional response, with a Reason when a status is given', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    const invite = context.request;
    transport.deliver(answer(invite, 180, { toTag: 'b1', headers: BOB }));
    context.cancel({ status_code: 480, reason_phrase: 'Gone away', extraHeaders: ['X-Why: test'] });
    expect(context.status).toBe(SessionStatus.STATUS_CANCELED);
    expect(transport.last.text).toBe(
      'CANCEL sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-3\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 CANCEL\r\n' +
        'X-Why: test\r\n' +
        'Reason: SIP;cause=480;text="Gone away"\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    transport.deliver(answer(transport.requests[1]!, 200, { toTag: 'b1' }));
    transport.deliver(answer(invite, 487, { toTag: 'b1' }));
    expect(seen).toEqual(['progress 180', 'cancel', 'rejected 487 Canceled', 'failed 487 Canceled']);
    // The INVITE transaction acknowledged the 487 (RFC 3261 §17.1.1.3).
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL', 'ACK']);
  });

  it('holds the CANCEL until a provisional response arrives (RFC 3261 §9.1)', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    context.cancel();
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE']);
    transport.deliver(answer(context.request, 100));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL']);
    expect(transport.last.message.hasHeader('Reason')).toBe(false);
    expect(seen).toEqual(['cancel']);
  });

  it('sends nothing when cancelled before invite()', () => {
    const { call, transport } = setup();
    const { context, seen } = call(false);
    context.cancel();
    context.invite();
    expect(transport.sent).toHaveLength(0);
    expect(seen).toEqual(['cancel']);
  });

  it('gives up 64*T1 after the CANCEL when no final response comes', () => {
    const { call, transport, clock } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    context.cancel();
    clock.advance(31_999);
    expect(seen).toEqual(['progress 180', 'cancel']);
    clock.advance(1);
    expect(seen).toEqual(['progress 180', 'cancel', 'failed none Canceled']);
  });

  it('ACKs and BYEs a 2xx that crossed the CANCEL', () => {
    const { call, transport } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    context.cancel();
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB }));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
    expect(seen).toEqual(['progress 180', 'cancel', 'bye BYE']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('ends the accepted call with bye() and forgets the dialog', () => {
    const { call, transport, core } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB }));
    const key = context.dialog!.key;
    context.bye({ extraHeaders: ['Reason: Q.850;cause=16'] });
    const bye = transport.last.message;
    expect(transport.last.text).toBe(
      'BYE sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-5\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 BYE\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Reason: Q.850;cause=16\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    expect(bye).toBeDefined();
    expect(core.dialogs.has(key)).toBe(false);
    expect(seen).toEqual(['accepted 200', 'bye BYE']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('answers a BYE from the callee 200, emits bye with it and forgets the dialog (RFC 3261 §15.1.2)', () => {
    const { call, transport, core } = setup();
    const { context, seen } = call();
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB }));
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
    transport.deliver(byeFromBob('z9hG4bKbye1'));
    expect(transport.statuses).toEqual([200]);
    expect(transport.last.message.cseq.method).toBe('BYE');
    expect(seen).toEqual(['accepted 200', 'bye BYE']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(core.dialogs.has(key)).toBe(false);
    expect(() => context.bye()).toThrow(InvalidStateError);
    // The dialog is over: another BYE in it matches none (§12.2.2).
    transport.deliver(byeFromBob('z9hG4bKbye2'));
    expect(transport.statuses).toEqual([200, 481]);
    expect(seen).toEqual(['accepted 200', 'bye BYE']);
  });

  it('terminate() cancels a ringing call, ends an answered one with BYE, and refuses an ended one (legacy)', () => {
    const { call, transport } = setup();
    const ringing = call();
    transport.deliver(answer(ringing.context.request, 180, { toTag: 'b1', headers: BOB }));
    ringing.context.terminate();
    expect(transport.requests.at(-1)!.method).toBe('CANCEL');
    expect(ringing.seen).toEqual(['progress 180', 'cancel']);

    const answered = call();
    transport.deliver(answer(answered.context.request, 200, { toTag: 'b2', headers: BOB }));
    answered.context.terminate({ extraHeaders: ['Reason: Q.850;cause=16'] });
    expect(transport.requests.at(-1)!.method).toBe('BYE');
    expect(transport.last.message.rawHeader('Reason')).toBe('Q.850;cause=16');
    expect(answered.seen).toEqual(['accepted 200', 'bye BYE']);
    expect(() => answered.context.terminate()).toThrow(InvalidStateError);
  });

  it('refuses cancel() once accepted and bye() before, with InvalidStateError', () => {
    const { call, transport } = setup();
    const { context } = call();
    expect(() => context.bye()).toThrow(InvalidStateError);
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB }));
    expect(() => context.cancel()).toThrow(InvalidStateError);
  });

  it('refuses bad input with a TypeError before anything is sent', () => {
    const { sender, core, transport, dialogs } = setup();
    const env = { sender, core, destination: () => SERVER, dialog: { transport }, dialogs };
    expect(() => new InviteClientContext(env, 'sip:bob@example.com', { extraHeaders: ['X-A: 1\nX-B: 2'] })).toThrow(/^extraHeaders\[0\] must not contain/);
    expect(() => new InviteClientContext(env, 'bob@@', {})).toThrow(/^target is not a valid URI/);
    expect(() => new InviteClientContext(env, 'sip:bob@example.com', { body: SDP, contentType: 'application/sdp\r\nX: 1' })).toThrow(/^contentType/);
    const context = new InviteClientContext(env, 'sip:bob@example.com').invite();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    expect(() => context.cancel({ extraHeaders: ['Bad Header: x'] })).toThrow(/^extraHeaders\[0\] header name must be a token/);
    expect(() => context.cancel({ statusCode: 100 })).toThrow(/^statusCode must be an integer from 200 to 699/);
    expect(() => context.cancel({ statusCode: 487, reasonPhrase: 'a\r\nb' })).toThrow(/^reasonPhrase must not contain/);
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE']);
    expect(context.status).toBe(SessionStatus.STATUS_1XX_RECEIVED);
  });
});
