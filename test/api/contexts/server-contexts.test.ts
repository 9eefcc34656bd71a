import { describe, expect, it } from 'vitest';
import { InviteServerContext, MessageServerContext, SessionStatus } from '../../../src/api/contexts/index.js';
import { InvalidStateError } from '../../../src/api/exceptions.js';
import type { IncomingRequest } from '../../../src/core/index.js';
import { routeDialogs, wire } from '../support/context-wire.js';

const SDP = 'v=0\r\no=- 2 2 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n';

/** A request from bob to alice, as the server relays it. */
function incoming(
  method: string,
  options: { body?: string; contentType?: string; branch?: string; callId?: string; contact?: boolean; toTag?: string; cseq?: number; extra?: string[] } = {},
): string {
  const body = options.body ?? '';
  return (
    `${method} sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WSS edge.example.com;branch=${options.branch ?? 'z9hG4bKsrv1'}\r\n` +
    'Max-Forwards: 69\r\n' +
    'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
    `To: <sip:alice@example.com>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    `Call-ID: ${options.callId ?? 'srv-call-1'}\r\n` +
    `CSeq: ${options.cseq ?? 5} ${method}\r\n` +
    (options.contact === false ? '' : 'Contact: <sip:bob@192.0.2.9;transport=ws;alias=192.0.2.9~5066~5>\r\n') +
    (options.extra ?? []).map((line) => `${line}\r\n`).join('') +
    (options.contentType === undefined ? '' : `Content-Type: ${options.contentType}\r\n`) +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

/** A core that hands each MESSAGE to `app` through a MessageServerContext, then answers 200 if the app did not. */
function messaging(app: (context: MessageServerContext) => void) {
  const w = wire();
  const contexts: MessageServerContext[] = [];
  w.core.handle('MESSAGE', (request: IncomingRequest) => {
    const context = new MessageServerContext(w.core, request);
    contexts.push(context);
    app(context);
    context.autoAnswer();
  });
  return { ...w, contexts };
}

describe('MessageServerContext', () => {
  it('carries the body, content type and request', () => {
    const { transport, contexts } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: 'Hi Alice', contentType: 'text/plain;charset=utf-8' }));
    const [context] = contexts;
    expect([context!.body, context!.contentType, context!.content_type, context!.request.method]).toEqual([
      'Hi Alice', 'text/plain;charset=utf-8', 'text/plain;charset=utf-8', 'MESSAGE',
    ]);
  });

  it('defaults the content type to text/plain', () => {
    const { transport, contexts } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: '' }));
    expect(contexts[0]!.contentType).toBe('text/plain');
  });

  it('answers 200 when the application does nothing (legacy)', () => {
    const { transport } = messaging(() => undefined);
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(transport.sent).toHaveLength(1);
    expect(transport.last.text).toMatch(
      /^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/WSS edge\.example\.com;branch=z9hG4bKsrv1\r\nFrom: "Bob" <sip:bob@example\.com>;tag=bob1\r\nTo: <sip:alice@example\.com>;tag=[0-9a-f]{24}\r\nCall-ID: srv-call-1\r\nCSeq: 5 MESSAGE\r\nContent-Length: 0\r\n\r\n$/,
    );
  });

  it('accept() sends the 2xx asked for, with headers and body, and emits accepted', () => {
    const seen: string[] = [];
    const { transport } = messaging((context) => {
      context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
      context.accept({ statusCode: 202, extraHeaders: ['X-Receipt: 1'], body: 'ok' });
    });
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(transport.statuses).toEqual([202]);
    const lines = transport.last.text.split('\r\n');
    expect(lines[0]).toBe('SIP/2.0 202 Accepted');
    expect(lines.slice(6)).toEqual(['X-Receipt: 1', 'Content-Type: text/plain', 'Content-Length: 2', '', 'ok']);
    expect(seen).toEqual(['accepted 202']);
  });

  it('reject() sends 480 by default, or the status asked for, and emits rejected then failed', () => {
    const seen: string[] = [];
    const { transport } = messaging((context) => {
      context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
      context.on('failed', (r, cause) => seen.push(`failed ${r?.status} ${cause}`));
      if (context.body === 'first') context.reject();
      else context.reject({ statusCode: 486, reasonPhrase: 'Not Now' });
    });
    transport.deliver(incoming('MESSAGE', { body: 'first', contentType: 'text/plain' }));
    transport.deliver(incoming('MESSAGE', { body: 'second', contentType: 'text/plain', branch: 'z9hG4bKsrv2', callId: 'srv-call-2' }));
    expect(transport.sent.map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 480 Temporarily Unavailable', 'SIP/2.0 486 Not Now']);
    expect(seen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable', 'rejected 486 Busy', 'failed 486 Busy']);
  });

  it('refuses bad answers with a TypeError before anything is sent, then auto-answers', () => {
    const errors: string[] = [];
    const attempt = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        errors.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    };
    const { transport } = messaging((context) => {
      attempt(() => context.reject({ extraHeaders: ['X-A: 1\r\nX-B: 2'] }));
      attempt(() => context.reject({ statusCode: 200 }));
      attempt(() => context.accept({ reasonPhrase: 'OK\r\nX: y' }));
      attempt(() => context.accept({ body: 'x', contentType: 'nonsense' }));
      expect(transport.sent).toHaveLength(0);
    });
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(errors).toEqual([
      'TypeError: extraHeaders[0] must not contain CR, LF or NUL: "X-A: 1\\r\\nX-B: 2"',
      'TypeError: statusCode must be an integer from 300 to 699: 200',
      'TypeError: reasonPhrase must not contain CR, LF or NUL: "OK\\r\\nX: y"',
      expect.stringMatching(/^TypeError: contentType is not a media type: "nonsense"/),
    ]);
    expect(transport.statuses).toEqual([200]);
  });

  it('answers once only', () => {
    const { transport, contexts } = messaging((context) => context.reject());
    transport.deliver(incoming('MESSAGE', { body: 'x', contentType: 'text/plain' }));
    expect(contexts[0]!.answered).toBe(true);
    expect(() => contexts[0]!.accept()).toThrow(/already answered 480/);
    expect(transport.statuses).toEqual([480]);
  });
});

/** A core that hands each INVITE to an InviteServerContext and CANCELs to the matching one. */
function inviting() {
  const w = wire();
  const contexts: InviteServerContext[] = [];
  routeDialogs(w.core, w.dialogs);
  const env = { core: w.core, contact: '<sip:k7d2@ua1.invalid;transport=ws>', dialog: { transport: w.transport, ids: w.ids }, dialogs: w.dialogs, sender: w.sender };
  w.core.handle('INVITE', (request) => contexts.push(new InviteServerContext(env, request)));
  w.core.onCancel = (cancel, invite) => contexts.find((c) => c.incoming.transaction === invite)?.receiveCancel(cancel);
  const events = (context: InviteServerContext): string[] => {
    const seen: string[] = [];
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    context.on('cancel', (r) => seen.push(`cancel ${r.method}`));
    context.on('confirmed', (r) => seen.push(`confirmed ${r.method}`));
    context.on('bye', (r) => seen.push(`bye ${r.method}`));
    return seen;
  };
  return { ...w, contexts, events };
}

describe('InviteServerContext', () => {
  it('progress() sends 180 with the To tag and Contact; accept() a 200 with the SDP and keeps the dialog', () => {
    const { transport, contexts, events, core } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ANSWER);
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
    context.accept({ body: SDP });
    expect(transport.last.text).toBe(
      'SIP/2.0 200 OK\r\n' +
        'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKsrv1\r\n' +
        'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
        `To: <sip:alice@example.com>;tag=${tag}\r\n` +
        'Call-ID: srv-call-1\r\n' +
        'CSeq: 5 INVITE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'Content-Type: application/sdp\r\n' +
        `Content-Length: ${SDP.length}\r\n\r\n` +
        SDP,
    );
    expect(seen).toEqual(['progress 180', 'accepted 200']);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ACK);
    expect(context.dialog!.id).toEqual({ callId: 'srv-call-1', localTag: tag, remoteTag: 'bob1' });
    expect(core.dialogs.get(context.dialog!.key)).toBe(context.dialog);
    expect(() => context.reject()).toThrow(InvalidStateError);
  });

  it('reject() sends 480 by default and emits rejected then failed', () => {
    const { transport, contexts, events } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.reject();
    expect(transport.statuses).toEqual([480]);
    expect(seen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable']);
    expect(() => context.accept()).toThrow(InvalidStateError);
  });

  it('reports a CANCEL: the core answers 200 and 487, the context emits cancel, rejected, failed', () => {
    const { transport, contexts, events } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    transport.deliver(incoming('CANCEL'));
    expect(transport.statuses).toEqual([200, 487]);
    expect(seen).toEqual(['cancel CANCEL', 'rejected 487 Canceled', 'failed 487 Canceled']);
    expect(context.status).toBe(SessionStatus.STATUS_CANCELED);
    expect(() => context.accept()).toThrow(InvalidStateError);
  });

  it('fails with NO_ACK and forgets the dialog when the 2xx is never acknowledged (RFC 3261 §13.3.1.4)', () => {
    const { transport, contexts, events, clock, core } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept({ body: SDP });
    clock.advance(32_000);
    expect(seen).toEqual(['accepted 200', 'failed none No ACK']);
    expect(core.dialogs.size).toBe(0);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  // The INVITE as Kamailio relays it from a UDP caller: its own two Record-Route values, the WS side on top.
  const RECORD_ROUTE = ['Record-Route: <sip:edge.example.com:443;transport=ws;r2=on;lr>', 'Record-Route: <sip:edge.example.com;r2=on;lr>'];
  const ack = (tag: string) => incoming('ACK', { toTag: tag, branch: 'z9hG4bKack1' });

  it('mirrors Record-Route into its 180 and 200, emits confirmed on the ACK, and bye() routes the BYE by it (RFC 3261 §12.1.1, §15.1.1)', () => {
    const { transport, contexts, events, core } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp', extra: RECORD_ROUTE }));
    const context = contexts[0]!;
    const seen = events(context);
    context.progress();
    context.accept({ body: SDP });
    for (const sent of transport.sent) {
      expect(sent.message.rawHeaders('Record-Route')).toEqual(RECORD_ROUTE.map((line) => line.slice('Record-Route: '.length)));
    }
    const tag = context.incoming.localTag;
    transport.deliver(ack(tag));
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
    expect(seen).toEqual(['progress 180', 'accepted 200', 'confirmed ACK', 'bye BYE']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(core.dialogs.has(key)).toBe(false);
    expect(() => context.bye()).toThrow(InvalidStateError);
  });

  it('holds a bye() asked for before the ACK until the ACK comes (RFC 3261 §15), and confirms only once', () => {
    const { transport, contexts, events } = inviting();
    transport.deliver(incoming('INVITE', { extra: RECORD_ROUTE }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    context.bye();
    context.bye();
    expect(transport.requests).toHaveLength(0);
    transport.deliver(ack(context.incoming.localTag));
    transport.deliver(ack(context.incoming.localTag));
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE']);
  });

  it('terminate() rejects a ringing call (480), ends an answered one with BYE after its ACK, and refuses an ended one (legacy)', () => {
    const { transport, contexts, events } = inviting();
    transport.deliver(incoming('INVITE', { extra: RECORD_ROUTE }));
    const ringing = contexts[0]!;
    const ringingSeen = events(ringing);
    ringing.terminate();
    expect(transport.statuses).toEqual([480]);
    expect(ringingSeen).toEqual(['rejected 480 Unavailable', 'failed 480 Unavailable']);
    expect(() => ringing.terminate()).toThrow(InvalidStateError);

    transport.deliver(incoming('INVITE', { extra: RECORD_ROUTE, callId: 'call-terminate-2', branch: 'z9hG4bKsrv2' }));
    const answered = contexts[1]!;
    const answeredSeen = events(answered);
    answered.accept();
    answered.terminate();
    expect(transport.requests).toHaveLength(0);
    transport.deliver(incoming('ACK', { toTag: answered.incoming.localTag, callId: 'call-terminate-2', branch: 'z9hG4bKack2' }));
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(answeredSeen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE']);
  });

  it('answers a BYE from the caller 200 and emits bye; the ACK of another dialog confirms nothing', () => {
    const { transport, contexts, events, clock, core } = inviting();
    transport.deliver(incoming('INVITE'));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    const tag = context.incoming.localTag;
    transport.deliver(incoming('ACK', { toTag: 'other', branch: 'z9hG4bKack0' }));
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ACK);
    transport.deliver(ack(tag));
    transport.deliver(incoming('BYE', { toTag: tag, cseq: 6, branch: 'z9hG4bKbye1' }));
    expect(transport.statuses).toEqual([200, 200]);
    expect(transport.last.message.cseq.method).toBe('BYE');
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(core.dialogs.size).toBe(0);
    expect(() => context.bye()).toThrow(InvalidStateError);
    clock.advance(64_000);
    expect(seen).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE']);
  });

  it('answers with a SIPS Contact an INVITE whose top Record-Route is a SIPS URI (RFC 3261 §12.1.1)', () => {
    const { transport, contexts } = inviting();
    transport.deliver(incoming('INVITE', { extra: ['Record-Route: <sips:edge.example.com;transport=wss;lr>'] }));
    const context = contexts[0]!;
    context.progress();
    context.accept();
    expect(transport.sent.map((s) => s.message.rawHeader('Contact'))).toEqual(['<sips:k7d2@ua1.invalid;transport=ws>', '<sips:k7d2@ua1.invalid;transport=ws>']);
  });

  it('answers 400 to accept() when the INVITE has no Contact to make a dialog with', () => {
    const { transport, contexts, events } = inviting();
    transport.deliver(incoming('INVITE', { contact: false }));
    const context = contexts[0]!;
    const seen = events(context);
    context.accept();
    expect(transport.last.text.split('\r\n')[0]).toBe('SIP/2.0 400 Bad Request (no usable Contact)');
    expect(seen).toEqual(['rejected 400 SIP Failure Code', 'failed 400 SIP Failure Code']);
  });

  it('refuses bad answers with a TypeError before anything is sent', () => {
    const { transport, contexts } = inviting();
    transport.deliver(incoming('INVITE', { body: SDP, contentType: 'application/sdp' }));
    const context = contexts[0]!;
    expect(() => context.progress({ statusCode: 200 })).toThrow(/^statusCode must be an integer from 100 to 199/);
    expect(() => context.reject({ statusCode: 180 })).toThrow(/^statusCode must be an integer from 300 to 699/);
    expect(() => context.accept({ extraHeaders: ['Contact: <sip:evil@example.com>'] })).toThrow(/^extraHeaders\[0\]: Contact is set by the UA core/);
    // RFC 3261 §12.1.1: the 2xx mirrors the INVITE's Record-Route; a value of the application's would add a hop.
    expect(() => context.accept({ extraHeaders: ['Record-Route: <sip:evil.example.com;lr>'] })).toThrow(/^extraHeaders\[0\]: Record-Route is set by the UA core/);
    expect(() => context.progress({ extraHeaders: ['record-route: <sip:evil.example.com;lr>'] })).toThrow(/^extraHeaders\[0\]: record-route is set by the UA core/);
    expect(transport.sent).toHaveLength(0);
    expect(context.status).toBe(SessionStatus.STATUS_WAITING_FOR_ANSWER);
  });
});
