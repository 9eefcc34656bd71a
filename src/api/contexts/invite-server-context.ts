import type { ContactInput, ExtraHeaders, IncomingRequest } from '../../core/index.js';
import { InviteServerSession, type InviteSessionEvents, type SessionEnvironment } from '../../session/index.js';
import type { SipRequest } from '../../syntax/index.js';
import type { EventRelay } from '../../transport/index.js';
import { InvalidStateError } from '../exceptions.js';
import { LegacyRequest, type NameAddrHeader } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import { callIceServers, constraintsOf, desugarMediaElement, mediaExtra, type CallMediaOptions, type MediaConstraintsInput, type LegacyMediaOptions, type MediaElementOption } from './call-media-options.js';
import type { InviteServerContextEvents, SessionEvents } from './context-events.js';
import { replyOptions, type ReplyOptions } from './reply-options.js';
import { SessionContext } from './session-context.js';
import { SessionStatus } from './session-status.js';
import type { TerminateOptions } from './terminate-options.js';

export { DEFAULT_NO_ANSWER_TIMEOUT_MS } from '../../session/index.js';

/** What an `InviteServerContext` needs from its UA: what its session needs, and the UA's Contact. */
export interface InviteServerContextEnvironment extends SessionEnvironment {
  /** The UA's Contact, sent in 1xx and 2xx answers (RFC 3261 §12.1.1: the 2xx must carry one). */
  contact: ContactInput;
  /**
   * Milliseconds the application has to accept or reject before the caller gets 480 (legacy
   * `noAnswerTimeout`, which the UA passes in ms); default 60 s, the legacy default.
   */
  noAnswerTimeout?: number | undefined;
  /** The UA the call came to (legacy `session.ua`); absent for a context built on a bare core. */
  ua?: UA | undefined;
}

/**
 * Options of `accept()` (legacy): extra header lines of the 200, and the media to answer with — its kinds
 * (`media` / `mediaConstraints`) and, in browsers, `media.render`, the stream to send (`media.stream` or
 * `mediaStream`) and `RTCConstraints`.
 */
export interface AcceptOptions {
  extraHeaders?: ExtraHeaders | undefined;
  reasonPhrase?: string | undefined;
  media?: LegacyMediaOptions | undefined;
  mediaConstraints?: MediaConstraintsInput | undefined;
  mediaStream?: unknown;
  RTCConstraints?: unknown;
  /** STUN/TURN servers for this call in place of the UA's (browsers), as in the configuration. */
  stunServers?: CallMediaOptions['stunServers'];
  turnServers?: CallMediaOptions['turnServers'];
}

/** Options of `progress()` (legacy): a reply's, and `rel100` to send it reliably when the caller supports 100rel (RFC 3262). */
export interface ProgressOptions extends ReplyOptions {
  rel100?: boolean | undefined;
}

/**
 * An incoming call (legacy `SIP.InviteServerContext`, the UA's `invite` event): the legacy face of an
 * `InviteServerSession` (session layer). The UA makes it, lets it apply the offer (`prepare()`: an offer
 * the media handler cannot use is answered 488 before the application hears of the call), then emits
 * `invite`. `progress()` (1xx, default 180), `accept()` (200 with our answer once the media handler made
 * it), `reject()` (300–699, default 480), `reply()` (any of them by status), `cancel` when the caller
 * gives up; the ACK emits `confirmed`. No ACK within 64·T1: BYE, `failed` NO_ACK. Not accepted or rejected
 * within `noAnswerTimeout`: 480, `failed` NO_ANSWER. `terminated` comes once, whatever ended the call.
 */
export class InviteServerContext extends SessionContext<InviteServerContextEvents> {
  /** The core's view of the request: its server transaction, flow and the To tag answers carry. */
  readonly incoming: IncomingRequest;
  declare readonly session: InviteServerSession;
  private readonly defaultConstraints: { audio: boolean; video: boolean };
  /** The call this one replaces (an INVITE with Replaces, RFC 3891): it ends once this one is accepted. */
  replacee: SessionContext<SessionEvents> | undefined;

  constructor(env: InviteServerContextEnvironment, incoming: IncomingRequest) {
    const session = new InviteServerSession(env, incoming, { contact: env.contact, noAnswerTimeout: env.noAnswerTimeout });
    super(session, incoming.request.callId + (incoming.request.from.tag ?? ''), env.ua);
    this.incoming = incoming;
    this.defaultConstraints = env.media.options.constraints;
    session.reportErrorsTo(this);
    session.relayTo(this, SERVER_SESSION_RELAY);
  }

  /** The INVITE (its typed form is `request.message`); its legacy view is made when first asked for. */
  get request(): LegacyRequest {
    return LegacyRequest.of(this.incoming.request);
  }

  /** The callee as the caller addressed it: the INVITE's To (legacy). */
  get localIdentity(): NameAddrHeader {
    return this.request.to;
  }

  /** The caller: the INVITE's From (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return this.request.from;
  }

  /** Make the media handler and apply the INVITE's offer; false when the call was refused (488) or cancelled meanwhile. */
  prepare(): Promise<boolean> {
    return this.session.prepare();
  }

  /**
   * Send a provisional response (default 180 Ringing; a body is sent as given, `application/sdp` by default).
   * It goes reliably (RFC 3262: `Require: 100rel`, RSeq, retransmitted until the caller's PRACK) when the
   * INVITE requires 100rel, or supports it and `rel100` is true or the UA's `rel100` is 'required'; the
   * first reliable one carries our answer (or offer) unless a body is given.
   */
  progress(options: ProgressOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 100, max: 199, defaultStatus: 180, defaultContentType: 'application/sdp' });
    if (options.rel100 !== undefined && typeof options.rel100 !== 'boolean') throw new TypeError(`rel100 must be true or false: ${String(options.rel100)}`);
    this.requireWaiting();
    this.session.progress(status, respond, options.rel100);
    return this;
  }

  /**
   * Answer 200 OK with the UA's Contact and our answer to the caller's offer (our offer when the INVITE had
   * none: the caller's answer then comes in the ACK), made by the media handler with the media given
   * (`media` / `mediaConstraints`, `mediaStream`, `RTCConstraints`, `stunServers`, `turnServers`; or, legacy, a media element: see
   * `ua.invite()`). `accepted` follows when the 200 is sent.
   */
  accept(given: AcceptOptions | MediaElementOption = {}): this {
    const options: AcceptOptions = desugarMediaElement(given);
    const { respond } = replyOptions({ extraHeaders: options.extraHeaders, reasonPhrase: options.reasonPhrase }, { min: 200, max: 200, defaultStatus: 200, defaultContentType: 'application/sdp' });
    const constraints = constraintsOf(options, this.defaultConstraints);
    const extra = mediaExtra(options);
    const iceServers = callIceServers(options);
    this.requireWaiting();
    this.session.accept(respond, {
      ...(constraints === undefined ? {} : { constraints }),
      ...(Object.keys(extra).length === 0 ? {} : { extra }),
      ...(iceServers === undefined ? {} : { iceServers }),
    });
    return this;
  }

  /** Answer 300–699 (default 480 Temporarily Unavailable, legacy); emits `rejected` then `failed`. */
  reject(options: ReplyOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 300, max: 699, defaultStatus: 480, defaultContentType: 'application/sdp' });
    this.requireWaiting();
    this.session.reject(status, respond);
    return this;
  }

  /** Answer with any status (legacy `reply`): 1xx as `progress()`, 2xx as `accept()`, 300–699 as `reject()`. */
  reply(options: ReplyOptions = {}): this {
    const status = options.statusCode ?? 200;
    if (typeof status === 'number' && status < 200) return this.progress(options);
    if (typeof status === 'number' && status < 300) return this.accept({ extraHeaders: options.extraHeaders, reasonPhrase: options.reasonPhrase });
    return this.reject(options);
  }

  /**
   * End the call whatever its state (legacy `terminate()`): `reject()` (480 by default) until our 200 went, else
   * `bye()` (after the ACK, RFC 3261 §15). Throws InvalidStateError once the call has ended.
   */
  terminate(options: TerminateOptions = {}): this {
    const status = this.status;
    if (status !== SessionStatus.STATUS_WAITING_FOR_ANSWER && status !== SessionStatus.STATUS_ANSWERED) return this.bye(options);
    // Also while our answer is being made (ANSWERED): no final response has gone yet.
    const { status: code, respond } = replyOptions(options, { min: 300, max: 699, defaultStatus: 480, defaultContentType: 'application/sdp' });
    this.session.reject(code, respond);
    return this;
  }

  /**
   * The core matched a CANCEL to this INVITE and answered it (200 to the CANCEL, 487 to the INVITE, RFC 3261
   * §9.2). Emits `cancel`, then `rejected` and `failed` with the 487 and CANCELED.
   */
  receiveCancel(cancel: SipRequest): void {
    this.session.receiveCancel(cancel);
  }

  private requireWaiting(): void {
    if (this.status !== SessionStatus.STATUS_WAITING_FOR_ANSWER) throw new InvalidStateError(this.status);
  }
}

/** The events only an incoming call's session has, as its legacy context emits them (`this` the context). */
const SERVER_SESSION_RELAY: EventRelay<InviteSessionEvents, InviteServerContext> = {
  cancel(cancel) {
    if (cancel !== undefined) this.emit('cancel', LegacyRequest.of(cancel));
  },
  confirmed(ack) {
    this.emit('confirmed', LegacyRequest.of(ack));
  },
};
