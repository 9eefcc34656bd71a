import {
  InviteClientContext,
  InviteServerContext,
  type InviteClientContextEvents,
  type InviteClientContextOptions,
  type SessionEvents,
} from '../../../src/api/contexts/index.js';
import type { DtmfType, SessionTimerSettings } from '../../../src/session/index.js';
import { parseUri, type SipRequest } from '../../../src/syntax/index.js';
import type { DigestCredentials } from '../../../src/core/index.js';
import { answer, media, routeDialogs, SERVER, settle, wire } from '../../api/support/context-wire.js';
import { incoming } from '../../api/support/incoming-request.js';
import { fakeMediaFactory, peerSdp, type FakeMediaOptions } from '../../support/fake-media-handler.js';

export { answer, settle, SERVER };

/** The proxy between us and bob: it Record-Routes the dialog. */
export const EDGE = '<sip:edge.example.com;transport=ws;lr>';
export const BOB_CONTACT = '<sip:bob@192.0.2.9;transport=ws>';

export interface CallOptions {
  fake?: FakeMediaOptions;
  dtmfType?: DtmfType;
  /** What the glare and Retry-After waits draw (RFC 3261 §14); 0.5 by default. */
  random?: () => number;
  /** The UA's digest credentials, for tests of challenged requests. */
  credentials?: DigestCredentials;
  /** Session timers (RFC 4028); none by default. */
  sessionTimers?: SessionTimerSettings;
}

/** The events a context emitted, as text, in order. */
export function record(context: InviteClientContext | InviteServerContext): string[] {
  const seen: string[] = [];
  type Outcome = Pick<InviteClientContextEvents, 'accepted' | 'failed'>;
  const on = context.on.bind(context) as <E extends keyof (SessionEvents & Outcome)>(event: E, listener: (SessionEvents & Outcome)[E]) => unknown;
  on('accepted', (r) => seen.push(`accepted ${r.status}`));
  on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  on('bye', (r) => seen.push(`bye ${r.method}`));
  on('terminated', (m, cause) => seen.push(`terminated ${m === undefined ? 'none' : 'status' in m ? m.status : m.method} ${cause ?? '-'}`));
  on('hold', (d) => seen.push(`hold ${d.originator}`));
  on('unhold', (d) => seen.push(`unhold ${d.originator}`));
  on('muted', (d) => seen.push(`muted ${JSON.stringify(d)}`));
  on('unmuted', (d) => seen.push(`unmuted ${JSON.stringify(d)}`));
  on('dtmf', (r, d) => seen.push(`dtmf ${r === null ? 'media' : r.method} ${d.tone} ${d.duration}`));
  on('info', (r) => seen.push(`info ${r.method} ${r.body}`));
  return seen;
}

/** A UA core, its dialogs routed, a fake media handler, and the environment of the sessions on it. */
export function callWire(options: CallOptions = {}) {
  const w = wire({ credentials: options.credentials });
  routeDialogs(w.core, w.dialogs);
  const fake = fakeMediaFactory(options.fake);
  const env = {
    sender: w.sender,
    core: w.core,
    destination: () => SERVER,
    dialog: { transport: w.transport, userAgent: 'sipforge-test', ids: w.ids },
    dialogs: w.dialogs,
    media: media(fake.factory),
    dtmfType: options.dtmfType,
    random: options.random ?? (() => 0.5),
    sessionTimers: options.sessionTimers,
    identity: { uri: parseUri('sip:alice@example.com'), displayName: 'Alice' },
  };
  const deliver = async (text: string) => {
    w.transport.deliver(text);
    await settle();
  };
  /** Requests sent since `from` (an index in transport.sent). */
  const requestsSince = (from: number): SipRequest[] =>
    w.transport.sent.slice(from).flatMap((s) => ('method' in s.message ? [s.message as SipRequest] : []));
  return { ...w, env, deliver, handlers: fake.handlers, requestsSince };
}

/**
 * alice (us) called bob, through the proxy EDGE, and bob answered 200 with `answerSdp`: the context,
 * the INVITE, what it emitted, and `fromBob` to write bob's requests in the dialog.
 */
export async function answeredCall(options: CallOptions & { call?: InviteClientContextOptions; answerSdp?: string; answerHeaders?: string[] } = {}) {
  const w = callWire(options);
  const context = new InviteClientContext(w.env, 'sip:bob@example.com', options.call ?? {});
  const seen = record(context);
  context.invite();
  await settle();
  const invite = w.transport.last.message as SipRequest;
  await w.deliver(answer(invite, 200, { toTag: 'b1', headers: [`Record-Route: ${EDGE}`, `Contact: ${BOB_CONTACT}`, ...(options.answerHeaders ?? [])], body: options.answerSdp ?? peerSdp() }));
  /** A request of bob in the dialog, as the proxy relays it to us. */
  const fromBob = (method: string, cseq: number, extra: { body?: string; contentType?: string; branch?: string; headers?: string[] } = {}): string => {
    const body = extra.body ?? '';
    return (
      `${method} sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n` +
      `Via: SIP/2.0/WSS edge.example.com;branch=${extra.branch ?? `z9hG4bKbob${method}${cseq}`}\r\n` +
      'Max-Forwards: 69\r\n' +
      `Record-Route: ${EDGE}\r\n` +
      'From: <sip:bob@example.com>;tag=b1\r\n' +
      `To: "Alice" <sip:alice@example.com>;tag=${invite.from.tag}\r\n` +
      `Call-ID: ${invite.callId}\r\n` +
      `CSeq: ${cseq} ${method}\r\n` +
      (method === 'INVITE' || method === 'UPDATE' ? `Contact: ${BOB_CONTACT}\r\n` : '') +
      (extra.headers ?? []).map((line) => `${line}\r\n`).join('') +
      (body === '' && extra.contentType === undefined ? '' : `Content-Type: ${extra.contentType ?? 'application/sdp'}\r\n`) +
      `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
    );
  };
  return { ...w, context, invite, seen, fromBob, handler: w.handlers[0]! };
}

/** bob called alice (us) with `offer` (none: an offerless INVITE); alice accepted, and bob's ACK came (unless `ack` is false: it is `ack`). */
export async function acceptedCall(options: CallOptions & { offer?: string | null; ack?: boolean; inviteHeaders?: string[] } = {}) {
  const w = callWire(options);
  const contexts: InviteServerContext[] = [];
  const env = { ...w.env, contact: '<sip:k7d2@ua1.invalid;transport=ws>' };
  w.core.handle('INVITE', (request) => {
    if (request.dialog !== undefined) {
      w.dialogs.receiveRequest(request);
      return;
    }
    const context = new InviteServerContext(env, request);
    void context.prepare().then((ready) => ready && contexts.push(context));
  });
  const offer = options.offer === undefined ? peerSdp() : options.offer;
  await w.deliver(incoming('INVITE', { extra: [`Record-Route: ${EDGE}`, ...(options.inviteHeaders ?? [])], ...(offer === null ? {} : { body: offer, contentType: 'application/sdp' }) }));
  const context = contexts[0]!;
  const seen = record(context);
  context.accept();
  await settle();
  const tag = context.incoming.localTag;
  const ack = incoming('ACK', { toTag: tag, branch: 'z9hG4bKack1', ...(offer === null ? { body: peerSdp(), contentType: 'application/sdp' } : {}) });
  if (options.ack !== false) await w.deliver(ack);
  const fromBob = (method: string, cseq: number, extra: { body?: string; contentType?: string; branch?: string; headers?: string[] } = {}): string =>
    incoming(method, {
      toTag: tag,
      cseq,
      branch: extra.branch ?? `z9hG4bKbob${method}${cseq}`,
      contact: method === 'INVITE' || method === 'UPDATE',
      extra: extra.headers,
      ...(extra.body === undefined ? {} : { body: extra.body, contentType: extra.contentType ?? 'application/sdp' }),
    });
  return { ...w, context, seen, fromBob, ack, handler: w.handlers[0]! };
}
