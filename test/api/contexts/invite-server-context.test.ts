import { describe, expect, it } from 'vitest';
import { InviteServerContext, SessionStatus } from '../../../src/api/contexts/index.js';
import { InvalidStateError } from '../../../src/api/exceptions.js';
import { fakeMediaFactory, fakeSdp, peerSdp } from '../../support/fake-media-handler.js';
import { media, routeDialogs, SERVER, settle, wire } from '../support/context-wire.js';
import { incoming } from '../support/incoming-request.js';

const OFFER = peerSdp();

/** A core that hands each INVITE to an InviteServerContext (its offer applied first, as the UA does) and CANCELs to the matching one. */
function inviting(options: { factory?: ReturnType<typeof fakeMediaFactory>; noAnswerTimeout?: number } = {}) {
  const w = wire();
  const fake = options.factory ?? fakeMediaFactory();
  const contexts: InviteServerContext[] = [];
  const refused: InviteServerContext[] = [];
  routeDialogs(w.core, w.dialogs);
  const env = {
    core: w.core,
    sender: w.sender,
    destination: () => SERVER,
    contact: '<sip:k7d2@ua1.invalid;transport=ws>',
    dialog: { transport: w.transport, ids: w.ids },
    dialogs: w.dialogs,
    media: media(fake.factory),
    noAnswerTimeout: options.noAnswerTimeout,
  };
  const all: InviteServerContext[] = [];
  w.core.handle('INVITE', (request) => {
    if (request.dialog !== undefined) {
      w.dialogs.receiveRequest(request);
      return;
    }
    const context = new InviteServerContext(env, request);
    all.push(context);
    void context.prepare().then((ready) => (ready ? contexts : refused).push(context));
  });
  w.core.onCancel = (cancel, invite) => all.find((c) => c.incoming.transaction === invite)?.receiveCancel(cancel);
  const events = (context: InviteServerContext): string[] => {
    const seen: string[] = [];
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    context.on('cancel', (r) => seen.push(`cancel ${r.method}`));
    context.on('confirmed', (r) => seen.push(`confirmed ${r.method}`));
    context.on('bye', (r) => seen.push(`bye ${r.method}`));
    context.on('terminated', (m, cause) => seen.push(`terminated ${m === undefined ? 'none' : 'status' in m ? m.status : m.method} ${cause ?? '-'}`));
    return seen;
  };
  const deliver = async (text: string) => {
    w.transport.deliver(text);
    await settle();
  };
  return { ...w, contexts, refused, events, deliver, handlers: fake.handlers };
}

// The INVITE as Kamailio relays it from a UDP caller: its own two Record-Route values, the WS side on top.
const RECORD_ROUTE = ['Record-Route: <sip:edge.example.com:443;transport=ws;r2=on;lr>', 'Record-Route: <sip:edge.example.com;r2=on;lr>'];
const ack = (tag: string, options: { body?: string } = {}) =>
  incoming('ACK', { toTag: tag, branch: 'z9hG4bKack1', ...(options.body === undefined ? {} : { body: options.body, contentType: 'application/sdp' }) });

describe('InviteServerContext', () => {
  it('progress() sends 180 with the To tag and Contact; accept() a 200 with our answer to the offer and keeps the dialog', async () => {
    const { transport, contexts, events, core, deliver, handlers } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ANSWER);
    expect(handlers[0]!.log).toEqual(['set offer sendrecv']);
    context.progress();
    const tag = context.incoming.localTag;
    expect(transport.last.text).toBe(
      'SIP/2.0 180 Ringing\r\n' +
        'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKsrv1\r\n' +
        'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
        `To: <sip:alice@example.com>;tag=${tag}\r\n` +
        'Call-ID: srv-call-1\r\n' +
        'CSeq: 5 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    context.accept();
    expect(context.status).toBe(SessionStatus.STATUS_ANSWERED);
    await settle();
    const answer = fakeSdp({ sessionId: 1000, version: 1 });
    expect(transport.last.text).toBe(
      'SIP/2.0 200 OK\r\n' +
        'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKsrv1\r\n' +
        'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
        `To: <sip:alice@example.com>;tag=${tag}\r\n` +
        'Call-ID: srv-call-1\r\n' +
        'CSeq: 5 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${answer.length}\r\n\r\n` +
        answer,
    );
    expect(handlers[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv']);
    expect(seen).toEqual(['progress 180', 'accepted 200']);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ACK);
    expect(context.dialog!.id).toEqual({ callId: 'srv-call-1', localTag: tag, remoteTag: 'bob1' });
    expect(core.dialogs.get(context.dialog!.key)).toBe(context.dialog);
    expect(() => context.reject()).toThrow(InvalidStateError);
  });

  it('answers 488 to an offer the media handler cannot use, and never offers the call (RFC 3264 §6)', async () => {
    const { transport, contexts, refused, deliver, handlers } = inviting();
    await deliver(incoming('INVITE', { body: peerSdp({ codecs: '18' }), contentType: 'application/sdp' }));
    expect(contexts).toHaveLength(0);
    expect(refused).toHaveLength(1);
    expect(transport.statuses).toEqual([488]);
    expect(refused[0]!.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(handlers[0]!.closed).toBe(true);
  });

  it('answers 488 when there is no media handler on this platform (legacy WEBRTC_NOT_SUPPORTED)', async () => {
    const w = wire();
    const env = { core: w.core, sender: w.sender, destination: () => SERVER, contact: '<sip:k7d2@ua1.invalid>', dialog: { transport: w.transport }, dialogs: w.dialogs, media: media(null) };
    const outcomes: string[] = [];
    w.core.handle('INVITE', (request) => {
      const context = new InviteServerContext(env, request);
      context.on('failed', (_r, cause) => outcomes.push(cause));
      void context.prepare().then((ready) => outcomes.push(String(ready)));
    });
    w.transport.deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    await settle();
    expect(w.transport.statuses).toEqual([488]);
    expect(outcomes).toEqual(['WebRTC Not Supported', 'false']);
  });

  it('reject() sends 480 by default and emits rejected, failed, terminated', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.reject();
    expect(transport.statuses).toEqual([480]);
    expect(seen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable', 'terminated 480 Unavailable']);
    expect(() => context.accept()).toThrow(InvalidStateError);
  });

  it('reports a CANCEL: the core answers 200 and 487, the context emits cancel, rejected, failed, terminated', async () => {
    const { transport, contexts, events, deliver, handlers } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    await deliver(incoming('CANCEL'));
    expect(transport.statuses).toEqual([200, 487]);
    expect(seen).toEqual(['cancel CANCEL', 'rejected 487 Canceled', 'failed 487 Canceled', 'terminated 487 Canceled']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(handlers[0]!.closed).toBe(true);
    expect(() => context.accept()).toThrow(InvalidStateError);
  });

  it('a CANCEL while our answer is being made: 487, and the 200 never goes', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    transport.deliver(incoming('CANCEL'));
    await settle();
    expect(transport.statuses).toEqual([200, 487]);
    expect(seen).toEqual(['cancel CANCEL', 'rejected 487 Canceled', 'failed 487 Canceled', 'terminated 487 Canceled']);
  });

  it('ends with a BYE and NO_ACK, forgetting the dialog, when the 2xx is never acknowledged (RFC 3261 §13.3.1.4)', async () => {
    const { transport, contexts, events, clock, core, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: RECORD_ROUTE }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    await settle();
    clock.advance(31_999);
    expect(transport.requests).toHaveLength(0);
    clock.advance(1);
    expect(seen).toEqual(['accepted 200', 'failed none No ACK', 'terminated none No ACK']);
    expect(transport.requests.map((r) => `${r.method} ${r.uri} ${r.rawHeaders('Route').length}`)).toEqual(['BYE sip:bob@192.0.2.9;transport=ws;alias=192.0.2.9~5066~5 2']);
    expect(core.dialogs.size).toBe(0);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('mirrors Record-Route into its 180 and 200, emits confirmed on the ACK, and bye() routes the BYE by it (RFC 3261 §12.1.1, §15.1.1)', async () => {
    const { transport, contexts, events, core, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: RECORD_ROUTE }));
    const context = contexts[0]!;
    const seen = events(context);
    context.progress();
    context.accept();
    await settle();
    for (const sent of transport.sent) {
      expect(sent.message.rawHeaders('Record-Route')).toEqual(RECORD_ROUTE.map((line) => line.slice('Record-Route: '.length)));
    }
    const tag = context.incoming.localTag;
    await deliver(ack(tag));
    expect(seen).toEqual(['progress 180', 'accepted 200', 'confirmed ACK']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);

    const key = context.dialog!.key;
    context.bye({ extraHeaders: ['Reason: Q.850;cause=16'] });
    // §12.2.1.1: Request-URI = the caller's Contact (Kamailio's alias kept), Route = the route set in order.
    expect(transport.last.to).toEqual({ protocol: 'WS', host: 'edge.example.com', port: 443, connectionId: 'ws-1' });
    expect(transport.last.text).toBe(
      'BYE sip:bob@192.0.2.9;transport=ws;alias=192.0.2.9~5066~5 SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-1\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com:443;transport=ws;r2=on;lr>\r\n' +
        'Route: <sip:edge.example.com;r2=on;lr>\r\n' +
        'To: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
        `From: <sip:alice@example.com>;tag=${tag}\r\n` +
        'Call-ID: srv-call-1\r\n' +
        'CSeq: 1 BYE\r\n' +
        'Reason: Q.850;cause=16\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    expect(seen).toEqual(['progress 180', 'accepted 200', 'confirmed ACK', 'bye BYE', 'terminated none -']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(core.dialogs.has(key)).toBe(false);
    expect(() => context.bye()).toThrow(InvalidStateError);
  });

  it('holds a bye() asked for before the ACK until the ACK comes (RFC 3261 §15), and confirms only once', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: RECORD_ROUTE }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    await settle();
    context.bye();
    context.bye();
    expect(transport.requests).toHaveLength(0);
    await deliver(ack(context.incoming.localTag));
    await deliver(ack(context.incoming.localTag));
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated none -']);
  });

  it('terminate() rejects a ringing call (480), ends an answered one with BYE after its ACK, and refuses an ended one (legacy)', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: RECORD_ROUTE }));
    const ringing = contexts[0]!;
    const ringingSeen = events(ringing);
    ringing.terminate();
    expect(transport.statuses).toEqual([480]);
    expect(ringingSeen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable', 'terminated 480 Unavailable']);
    expect(() => ringing.terminate()).toThrow(InvalidStateError);

    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: RECORD_ROUTE, callId: 'call-terminate-2', branch: 'z9hG4bKsrv2' }));
    const answered = contexts[1]!;
    const answeredSeen = events(answered);
    answered.accept();
    await settle();
    answered.terminate();
    expect(transport.requests).toHaveLength(0);
    await deliver(incoming('ACK', { toTag: answered.incoming.localTag, callId: 'call-terminate-2', branch: 'z9hG4bKack2' }));
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(answeredSeen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated none -']);
  });

  it('answers a BYE from the caller 200 and emits bye; the ACK of another dialog confirms nothing', async () => {
    const { transport, contexts, events, clock, core, deliver, handlers } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    await settle();
    const tag = context.incoming.localTag;
    await deliver(incoming('ACK', { toTag: 'other', branch: 'z9hG4bKack0' }));
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ACK);
    await deliver(ack(tag));
    await deliver(incoming('BYE', { toTag: tag, cseq: 6, branch: 'z9hG4bKbye1' }));
    expect(transport.statuses).toEqual([200, 200]);
    expect(transport.last.message.cseq.method).toBe('BYE');
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated BYE -']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(handlers[0]!.closed).toBe(true);
    expect(core.dialogs.size).toBe(0);
    expect(() => context.bye()).toThrow(InvalidStateError);
    clock.advance(64_000);
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated BYE -']);
  });

  it('offers in the 200 to an INVITE without one, and takes the answer from the ACK (RFC 3261 §13.2.1)', async () => {
    const { transport, contexts, events, deliver, handlers } = inviting();
    await deliver(incoming('INVITE'));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    await settle();
    const ok = transport.last.message;
    expect(ok.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 1 }));
    await deliver(ack(context.incoming.localTag, { body: peerSdp() }));
    expect(handlers[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    expect(seen).toEqual(['accepted 200', 'confirmed ACK']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('ends with a BYE an offerless call whose ACK brings no answer', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE'));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    await settle();
    await deliver(ack(context.incoming.localTag));
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'failed none Bad Media Description', 'terminated ACK Bad Media Description']);
  });

  it('answers with a SIPS Contact an INVITE whose top Record-Route is a SIPS URI (RFC 3261 §12.1.1)', async () => {
    const { transport, contexts, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp', extra: ['Record-Route: <sips:edge.example.com;transport=wss;lr>'] }));
    const context = contexts[0]!;
    context.progress();
    context.accept();
    await settle();
    expect(transport.sent.map((s) => s.message.rawHeader('Contact'))).toEqual(['<sips:k7d2@ua1.invalid;transport=ws>', '<sips:k7d2@ua1.invalid;transport=ws>']);
  });

  it('answers 400 to accept() when the INVITE has no Contact to make a dialog with', async () => {
    const { transport, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { contact: false, body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    expect(transport.last.text.split('\r\n')[0]).toBe('SIP/2.0 400 Bad Request (no usable Contact)');
    expect(seen).toEqual(['rejected 400 SIP Failure Code', 'failed 400 SIP Failure Code', 'terminated 400 SIP Failure Code']);
  });

  it('refuses bad answers with a TypeError before anything is sent', async () => {
    const { transport, contexts, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    expect(() => context.progress({ statusCode: 200 })).toThrow(/^statusCode must be an integer from 100 to 199/);
    expect(() => context.reject({ statusCode: 180 })).toThrow(/^statusCode must be an integer from 300 to 699/);
    expect(() => context.accept({ extraHeaders: ['Contact: <sip:evil@example.com>'] })).toThrow(/^extraHeaders\[0\]: Contact is set by the UA core/);
    // RFC 3261 §12.1.1: the 2xx mirrors the INVITE's Record-Route; a value of the application's would add a hop.
    expect(() => context.accept({ extraHeaders: ['Record-Route: <sip:evil.example.com;lr>'] })).toThrow(/^extraHeaders\[0\]: Record-Route is set by the UA core/);
    expect(() => context.progress({ extraHeaders: ['record-route: <sip:evil.example.com;lr>'] })).toThrow(/^extraHeaders\[0\]: record-route is set by the UA core/);
    expect(() => context.accept({ mediaConstraints: { video: 1 as unknown as boolean } })).toThrow(/^video must be true or false/);
    expect(transport.sent).toHaveLength(0);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ANSWER);
  });
});

// Legacy `noAnswerTimeout` (SIP.js 0.7: "the UAS sends 408 when it fires", default 60 s): an incoming
// INVITE the application neither accepts nor rejects in time gets 408, and the context ends with
// `failed` and NO_ANSWER. Issue 7: without it a call nobody answers was never ended on the callee side.
describe('InviteServerContext noAnswerTimeout', () => {
  const statusLines = (transport: { sent: Array<{ text: string }> }) => transport.sent.map((s) => s.text.split('\r\n')[0]);

  it('answers 408 after 60 s by default, even after progress(), and fails with NO_ANSWER', async () => {
    const { transport, clock, contexts, events, deliver } = inviting();
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const seen = events(contexts[0]!);
    contexts[0]!.progress();
    clock.advance(59_999);
    expect(statusLines(transport)).toEqual(['SIP/2.0 180 Ringing']);
    clock.advance(1);
    expect(statusLines(transport)).toEqual(['SIP/2.0 180 Ringing', 'SIP/2.0 408 Request Timeout']);
    const timeout = transport.last.message;
    expect([timeout.callId, timeout.to.tag]).toEqual(['srv-call-1', transport.sent[0]!.message.to.tag]);
    expect(seen).toEqual(['progress 180', 'failed 408 No Answer', 'terminated 408 No Answer']);
    expect(contexts[0]!.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(() => contexts[0]!.accept()).toThrow();
  });

  it('follows the configured value', async () => {
    const { transport, clock, contexts, events, deliver } = inviting({ noAnswerTimeout: 5_000 });
    await deliver(incoming('INVITE', { body: OFFER, contentType: 'application/sdp' }));
    const seen = events(contexts[0]!);
    clock.advance(4_999);
    // The server transaction's own 100 Trying went out at 200 ms (RFC 3261 §17.2.1).
    expect(statusLines(transport)).toEqual(['SIP/2.0 100 Trying']);
    clock.advance(1);
    expect(statusLines(transport)).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 408 Request Timeout']);
    expect(seen).toEqual(['failed 408 No Answer', 'terminated 408 No Answer']);
  });

  it('does not fire once the call is accepted, rejected or cancelled', async () => {
    const { transport, clock, contexts, events, deliver } = inviting();
    const offer = { body: OFFER, contentType: 'application/sdp' };
    await deliver(incoming('INVITE', offer));
    await deliver(incoming('INVITE', { ...offer, branch: 'z9hG4bKna2', callId: 'no-answer-2' }));
    await deliver(incoming('INVITE', { ...offer, branch: 'z9hG4bKna3', callId: 'no-answer-3' }));
    const [accepted, rejected, cancelled] = contexts.map((context) => events(context));
    contexts[0]!.accept();
    await settle();
    contexts[1]!.reject({ statusCode: 486 });
    await deliver(incoming('CANCEL', { branch: 'z9hG4bKna3', callId: 'no-answer-3' }));
    clock.advance(120_000);
    // The accepted call ends for want of an ACK (RFC 3261 §13.3.1.4), nothing else happens.
    expect(transport.sent.some((s) => s.text.startsWith('SIP/2.0 408'))).toBe(false);
    expect(accepted).toEqual(['accepted 200', 'failed none No ACK', 'terminated none No ACK']);
    expect(rejected).toEqual(['rejected 486 Busy', 'failed 486 Busy', 'terminated 486 Busy']);
    expect(cancelled).toEqual(['cancel CANCEL', 'rejected 487 Canceled', 'failed 487 Canceled', 'terminated 487 Canceled']);
  });
});
