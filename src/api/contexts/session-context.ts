import { parseExtraHeaders, type Dialog, type ExtraHeaders } from '../../core/index.js';
import { blindReferTo, dtmfPlan, replacingReferTo, type DtmfSendOptions, type InviteSession, type InviteSessionEvents, type MediaKinds, type SessionDescriptionHandler } from '../../session/index.js';
import { URI, type SipRequest, type SipResponse } from '../../syntax/index.js';
import { Emitter, type EventRelay } from '../../transport/index.js';
import { C, type Cause } from '../constants/index.js';
import { InvalidStateError } from '../exceptions.js';
import { LegacyRequest, LegacyResponse } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import type { ByeOptions } from './bye-options.js';
import type { SessionEvents } from './context-events.js';
import { splitExtraHeaders } from './extra-header-input.js';
import { legacyCause } from './legacy-cause.js';
import { ReferServerContext } from './refer-server-context.js';
import type { InviteClientContext } from './invite-client-context.js';
import { SessionStatus, statusOf, type SessionStatusValue } from './session-status.js';

/** Options of `sendRequest(method, options)` (legacy). */
export interface SendRequestOptions {
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  /** The body's type; a legacy `Content-Type: …` line in `extraHeaders` is taken as it. */
  contentType?: string | undefined;
  /** Called with each response (legacy). */
  receiveResponse?: ((response: LegacyResponse) => void) | undefined;
}

/** Options of `refer(target, options)` (legacy, plus `contentType`, and `useContact` for an attended transfer). */
export interface ReferOptions {
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  contentType?: string | undefined;
  /** Attended transfer: refer to the other call's Contact rather than its peer's address of record (RFC 5589 §7.1). */
  useContact?: boolean | undefined;
}

type MessageView = LegacyRequest | LegacyResponse | undefined;

function view(message: SipRequest | SipResponse | undefined): MessageView {
  if (message === undefined) return undefined;
  return 'status' in message ? LegacyResponse.of(message) : LegacyRequest.of(message);
}

// Requests `sendRequest` reports under their lower-cased method (legacy); INFO is `info`.
const REPORTED = new Set(['info', 'message', 'notify', 'options', 'refer', 'update']);

/** A platform media handler may hand out its streams (browsers: `MediaStream`s); others have none. */
interface StreamSource {
  getLocalStreams?(): unknown[];
  getRemoteStreams?(): unknown[];
}

/**
 * What both legacy call contexts share (legacy `SIP.Session`): a thin face on an `InviteSession` of the
 * session layer. Methods check the legacy state rules (InvalidStateError with the status) and every
 * input (TypeError) before anything is sent; the session's events are re-emitted with the legacy
 * arguments (messages as their legacy views, causes as `SIP.C.causes` text).
 */
export abstract class SessionContext<Events extends SessionEvents & { [K in keyof Events]: (...args: never[]) => void }> extends Emitter<Events> {
  readonly method = 'INVITE';
  /** Free for the application. */
  data: Record<string, unknown> = {};
  /** The UA of the call (legacy); undefined for a context built on a bare core. */
  readonly ua: UA | undefined;
  /** The session's key in `ua.sessions`: Call-ID and the caller's From tag (legacy). */
  readonly id: string;
  /** The session underneath (session layer). */
  readonly session: InviteSession;

  protected constructor(session: InviteSession, id: string, ua: UA | undefined) {
    super();
    this.session = session;
    this.id = id;
    this.ua = ua;
    this.forwardSessionEvents();
  }

  /** Legacy `SIP.Session.C` value. */
  get status(): SessionStatusValue {
    return statusOf(this.session.state);
  }

  /** The dialog, once the call is established. */
  get dialog(): Dialog | undefined {
    return this.session.dialog;
  }

  /** When the call was established (2xx), and when it ended (legacy). */
  get startTime(): Date | undefined {
    return this.session.startTime;
  }

  get endTime(): Date | undefined {
    return this.session.endTime;
  }

  /** The media handler of the call (legacy `session.mediaHandler`): RTP in Node, WebRTC in browsers. */
  get mediaHandler(): SessionDescriptionHandler | undefined {
    return this.session.media;
  }

  /** End the established call with a BYE (RFC 3261 §15.1.1). Throws InvalidStateError before it is established or after the end. */
  bye(options: ByeOptions = {}): this {
    this.requireEstablished();
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    this.session.bye({ extraHeaders: split.extraHeaders, body: options.body, contentType: split.contentType });
    return this;
  }

  /** Hold the call by re-INVITE (`a=sendonly`, or `inactive` when the peer holds too); queued while another offer/answer is pending. */
  hold(): this {
    this.requireEstablished();
    this.session.hold();
    return this;
  }

  unhold(): this {
    this.requireEstablished();
    this.session.unhold();
    return this;
  }

  /**
   * Send an UPDATE (RFC 3311; sipforge, no legacy name): with a new offer from the media handler, or a
   * plain refresh with `{ offer: false }`. Resolves with the final response (its legacy view); the answer
   * in a 2xx is applied. Before the 2xx it goes in the early dialog once the initial offer/answer completed
   * there (100rel: a reliable 1xx and its PRACK). Throws InvalidStateError before the call is established
   * otherwise, and an Error when an offer is asked for while another offer/answer is pending (§5.1). Hold
   * and unhold still use re-INVITE.
   */
  update(options: { offer?: boolean; extraHeaders?: ExtraHeaders } = {}): Promise<LegacyResponse> {
    if (!this.session.earlyUpdates) this.requireEstablished();
    parseExtraHeaders(options.extraHeaders);
    return this.session.update({ offer: options.offer, extraHeaders: options.extraHeaders }).then((response) => LegacyResponse.of(response));
  }

  /** The session timer negotiated (RFC 4028): `interval` in seconds and who refreshes (`local`/`remote`); undefined values without one. */
  get sessionTimer(): { interval: number | undefined; refresher: 'local' | 'remote' | undefined } {
    return this.session.sessionTimer;
  }

  /** `{ local, remote }`: held by us, held by the peer. */
  isOnHold(): { local: boolean; remote: boolean } {
    return this.session.isOnHold();
  }

  /** Stop sending audio and/or video (both when neither is named); emits `muted`. */
  mute(options: MediaKinds = {}): this {
    this.session.mute(options);
    return this;
  }

  unmute(options: MediaKinds = {}): this {
    this.session.unmute(options);
    return this;
  }

  /**
   * Send DTMF digits (0–9, A–D, *, #; a comma pauses 2 s), one after the other: `duration` 70–6000 ms
   * (default 100), `interToneGap` at least 50 ms (default 500). By INFO (`application/dtmf-relay`) unless
   * the UA's `dtmfType` is `'rtp'` and the media negotiated RFC 4733 events.
   */
  dtmf(tones: string | number, options: DtmfSendOptions = {}): this {
    const plan = dtmfPlan(tones, options);
    parseExtraHeaders(plan.extraHeaders);
    this.requireEstablished();
    this.session.dtmf(plan);
    return this;
  }

  /**
   * Transfer the call (RFC 3515, RFC 5589): a REFER to the peer. Blind with a target (user, number,
   * `user@host` or URI, completed as `ua.invite` does); attended with another call of this UA, whose peer
   * the Refer-To names with a `Replaces` of that call's dialog (RFC 3891), so that the peer's new call
   * replaces it. The answer emits `referRequestAccepted` or `referRequestRejected`; each NOTIFY of the
   * implicit subscription `notify(request, status)` (answered 200), then `referProgress`, `referAccepted`
   * or `referRejected` with the status of the peer's call. The call itself goes on: the application hangs
   * up when it sees fit (RFC 5589 §6: after the final NOTIFY). Throws InvalidStateError unless both calls are
   * confirmed, TypeError for a target that is no URI.
   */
  refer(target: string | URI | SessionContext<SessionEvents>, options: ReferOptions = {}): this {
    if (this.status !== SessionStatus.STATUS_CONFIRMED) throw new InvalidStateError(this.status);
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    parseExtraHeaders(split.extraHeaders);
    let referTo: string;
    if (target instanceof SessionContext) {
      const other = target.dialog;
      if (target.status !== SessionStatus.STATUS_CONFIRMED || other === undefined) throw new InvalidStateError(target.status);
      referTo = replacingReferTo(other, { useContact: options.useContact });
    } else {
      const uri = target instanceof URI ? target : this.ua?.normalizeTarget(target);
      if (uri === undefined) throw new TypeError(`not a transfer target: ${String(target)}`);
      referTo = blindReferTo(uri);
    }
    const refer = this.session.refer(referTo, { extraHeaders: split.extraHeaders, body: options.body, contentType: split.contentType });
    const emit = (this as unknown as Emitter<SessionEvents>).emit.bind(this);
    refer.on('accepted', (response) => emit('referRequestAccepted', LegacyResponse.of(response)));
    refer.on('rejected', (response) => emit('referRequestRejected', LegacyResponse.of(response)));
    refer.on('notify', (request, status) => emit('notify', LegacyRequest.of(request), status));
    refer.on('progress', (status) => emit('referProgress', status));
    refer.on('referAccepted', (status) => emit('referAccepted', status));
    refer.on('referRejected', (status) => emit('referRejected', status));
    return this;
  }

  /**
   * Legacy: a ready-made `refer` listener — `session.on('refer', session.followRefer(callback))` — that
   * follows the REFER (`ReferServerContext.followRefer()`: the call to the target, NOTIFYs of its progress)
   * and hands `callback` the REFER and the new call. Unlike SIP.js 0.7 this call is not ended at once: the
   * referrer hangs up on the final NOTIFY (RFC 5589 §6), or the application does.
   */
  followRefer(callback?: (request: LegacyRequest, newSession: InviteClientContext) => void): (request: LegacyRequest, refer?: ReferServerContext) => void {
    return (request, refer) => {
      if (refer === undefined) return;
      const call = refer.followRefer();
      callback?.(request, call);
    };
  }

  /** Send any request in the dialog (legacy): INFO, MESSAGE, NOTIFY …; not INVITE, ACK, CANCEL or BYE. */
  sendRequest(method: string, options: SendRequestOptions = {}): this {
    this.requireEstablished();
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    const receive = options.receiveResponse;
    this.session.sendRequest(method, {
      extraHeaders: split.extraHeaders,
      body: options.body,
      contentType: split.contentType,
      outcome: receive === undefined ? undefined : { onProvisional: (r) => receive(LegacyResponse.of(r)), onFinal: (r) => receive(LegacyResponse.of(r)) },
    });
    return this;
  }

  /** The local media streams, in browsers (WebRTC); none in Node. */
  getLocalStreams(): unknown[] {
    return (this.session.media as StreamSource | undefined)?.getLocalStreams?.() ?? [];
  }

  getRemoteStreams(): unknown[] {
    return (this.session.media as StreamSource | undefined)?.getRemoteStreams?.() ?? [];
  }

  /** The call may take in-dialog requests: answered (legacy: WAITING_FOR_ACK or CONFIRMED). */
  protected requireEstablished(): void {
    const status = this.status;
    if (status !== SessionStatus.STATUS_CONFIRMED && status !== SessionStatus.STATUS_WAITING_FOR_ACK) throw new InvalidStateError(status);
  }

  private forwardSessionEvents(): void {
    // RFC 3515 §2.4.2: with nobody listening for `refer` here, the REFER is declined (603, legacy).
    this.session.referListeners = this;
    this.session.relayTo(this, SESSION_RELAY);
  }
}

// The legacy progress/accepted/rejected/failed events are part of both sides' event maps.
function legacy(context: AnySessionContext): Emitter<SessionEvents & LegacyOutcomeEvents> {
  return context as unknown as Emitter<SessionEvents & LegacyOutcomeEvents>;
}

type AnySessionContext = SessionContext<SessionEvents>;

// The legacy arguments (views of the session's messages, event objects) are made only for an event someone listens to.
function listened(context: AnySessionContext, event: keyof (SessionEvents & LegacyOutcomeEvents)): boolean {
  return legacy(context).listenerCount(event) > 0;
}

/** The session's events as the legacy context emits them: one object for every call, `this` the context. */
const SESSION_RELAY: EventRelay<InviteSessionEvents, AnySessionContext> = {
  progress(response) {
    if (!listened(this, 'progress')) return;
    legacy(this).emit('progress', LegacyResponse.of(response), response.reason);
  },
  accepted(response) {
    if (!listened(this, 'accepted')) return;
    legacy(this).emit('accepted', LegacyResponse.of(response), response.reason);
  },
  rejected(response, cause) {
    if (!listened(this, 'rejected')) return;
    legacy(this).emit('rejected', LegacyResponse.of(response), legacyCause(cause, response) ?? C.causes.SIP_FAILURE_CODE);
  },
  failed(response, cause) {
    if (!listened(this, 'failed')) return;
    legacy(this).emit('failed', response === undefined ? undefined : LegacyResponse.of(response), legacyCause(cause, response) ?? C.causes.INTERNAL_ERROR);
  },
  bye(request) {
    if (!listened(this, 'bye')) return;
    legacy(this).emit('bye', LegacyRequest.of(request));
  },
  terminated(message, cause) {
    if (!listened(this, 'terminated')) return;
    legacy(this).emit('terminated', view(message), legacyCause(cause, message));
  },
  hold(originator) {
    if (!listened(this, 'hold')) return;
    legacy(this).emit('hold', { originator });
  },
  unhold(originator) {
    if (!listened(this, 'unhold')) return;
    legacy(this).emit('unhold', { originator });
  },
  muted(kinds) {
    if (!listened(this, 'muted')) return;
    legacy(this).emit('muted', { ...kinds });
  },
  unmuted(kinds) {
    if (!listened(this, 'unmuted')) return;
    legacy(this).emit('unmuted', { ...kinds });
  },
  dtmf(request, tone, duration) {
    if (!listened(this, 'dtmf')) return;
    legacy(this).emit('dtmf', request === undefined ? null : LegacyRequest.of(request), { tone, duration, direction: 'incoming' });
  },
  info(request) {
    if (!listened(this, 'info')) return;
    legacy(this).emit('info', LegacyRequest.of(request));
  },
  refer(refer) {
    if (!listened(this, 'refer')) return;
    legacy(this).emit('refer', LegacyRequest.of(refer.request), new ReferServerContext(refer, this.ua));
  },
  requestSent(request) {
    const name = request.method.toLowerCase();
    if (REPORTED.has(name) && listened(this, name as 'info')) legacy(this).emit(name as 'info', LegacyRequest.of(request));
  },
};

/** The outcome events both contexts have, with the same arguments. */
interface LegacyOutcomeEvents {
  progress: (response: LegacyResponse, reasonPhrase: string) => void;
  accepted: (response: LegacyResponse, reasonPhrase: string) => void;
  rejected: (response: LegacyResponse, cause: Cause) => void;
  failed: (response: LegacyResponse | undefined, cause: Cause) => void;
}
