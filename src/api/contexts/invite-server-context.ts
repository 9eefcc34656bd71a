import { SipParseError, type ContactHeader, type SipRequest, type SipResponse } from '../../syntax/index.js';
import { Emitter, type TimerHandle } from '../../transport/index.js';
import {
  Dialog,
  toContact,
  uasContactFor,
  type ContactInput,
  type DialogOptions,
  type IncomingRequest,
  type RespondOptions,
  type UserAgentCore,
} from '../../core/index.js';
import { C, statusToCause } from '../constants/index.js';
import type { DialogRouter, DialogUser } from '../dialog-router.js';
import { InvalidStateError } from '../exceptions.js';
import type { RequestSender } from '../request-sender.js';
import type { ByeOptions } from './bye-options.js';
import type { TerminateOptions } from './terminate-options.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import type { InviteServerContextEvents } from './context-events.js';
import { splitExtraHeaders } from './extra-header-input.js';
import { replyOptions, type ReplyOptions } from './reply-options.js';
import { SessionStatus, type SessionStatusValue } from './session-status.js';

/** What an `InviteServerContext` needs from its UA. */
export interface InviteServerContextEnvironment {
  core: UserAgentCore;
  /** The UA's Contact, sent in 1xx and 2xx answers (RFC 3261 §12.1.1: the 2xx must carry one). */
  contact: ContactInput;
  /** How the dialog builds its requests: transport descriptor, User-Agent, ids. */
  dialog: Omit<DialogOptions, 'localContact'>;
  /** Where the dialog is kept once accepted, so that its ACK and BYE come back here. */
  dialogs: DialogRouter;
  /** Sends the BYE of `bye()` to the connected server (answering a digest challenge). */
  sender: RequestSender;
  /**
   * Milliseconds the application has to accept or reject before the caller gets 408 (legacy
   * `noAnswerTimeout`, which the UA passes in ms); default 60 s, the legacy default.
   */
  noAnswerTimeout?: number | undefined;
  /** The UA the call came to (legacy `session.ua`); absent for a context built on a bare core. */
  ua?: UA | undefined;
}

/** Legacy `noAnswerTimeout` default: 60 s. */
export const DEFAULT_NO_ANSWER_TIMEOUT_MS = 60_000;

/**
 * An incoming INVITE at the level of its server transaction and dialog (legacy `SIP.InviteServerContext`, the
 * UA's `invite` event): `progress()` (1xx, default 180), `accept()` (200 with Contact; the dialog is kept so
 * that the ACK and later requests find it), `reject()` (300–699, default 480), and `cancel` when the caller
 * gives up (the UA passes the core's CANCEL report to `receiveCancel`). The ACK emits `confirmed`; `bye()`
 * ends the call, and a BYE from the caller emits `bye`. A 2xx never acknowledged within 64*T1 ends it with
 * `failed(undefined, NO_ACK)` (RFC 3261 §13.3.1.4). An INVITE the application neither accepts nor rejects
 * within `noAnswerTimeout` (legacy, 60 s; `progress()` does not extend it) gets 408 and ends with
 * `failed(408, NO_ANSWER)` — `failed` alone, with no `rejected`: the application rejected nothing.
 *
 * Left for the session issue: media (the offer in the INVITE, the answer in the 2xx), reliable provisional
 * responses (RFC 3262), early dialogs kept from a 1xx, the BYE after a missing ACK and the `terminated` event.
 */
export class InviteServerContext extends Emitter<InviteServerContextEvents> implements DialogUser {
  /** The INVITE (its typed form is `request.message`). */
  readonly request: LegacyRequest;
  /** The core's view of the request: its server transaction, flow and the To tag answers carry. */
  readonly incoming: IncomingRequest;
  readonly method = 'INVITE';
  /** Free for the application. */
  data: Record<string, unknown> = {};
  /** The UA the call came to (legacy); undefined for a context built on a bare core. */
  readonly ua: UA | undefined;
  /** The session's key in `ua.sessions`: Call-ID and the caller's From tag (legacy). */
  readonly id: string;
  /** The dialog, once accepted. */
  dialog: Dialog | undefined;
  private currentStatus: SessionStatusValue = SessionStatus.STATUS_WAITING_FOR_ANSWER;
  private readonly env: InviteServerContextEnvironment;
  private readonly contact: ContactHeader;
  /** A BYE asked for before the ACK came: it goes out with the ACK (RFC 3261 §15). */
  private byeOnAck: SipRequest | undefined;
  private noAnswerTimer: TimerHandle | undefined;

  constructor(env: InviteServerContextEnvironment, incoming: IncomingRequest) {
    super();
    this.env = env;
    this.incoming = incoming;
    this.request = LegacyRequest.of(incoming.request);
    this.ua = env.ua;
    this.id = incoming.request.callId + (incoming.request.from.tag ?? '');
    // RFC 3261 §12.1.1: a SIPS URI when the INVITE asks for one (the core's checks parsed every header already).
    this.contact = uasContactFor(incoming.request, toContact('contact', env.contact));
    const { clock } = env.core.transactions;
    this.noAnswerTimer = clock.setTimeout(() => {
      this.noAnswerTimer = undefined;
      this.noAnswer();
    }, env.noAnswerTimeout ?? DEFAULT_NO_ANSWER_TIMEOUT_MS);
  }

  /** The callee as the caller addressed it: the INVITE's To (legacy). */
  get localIdentity(): NameAddrHeader {
    return this.request.to;
  }

  /** The caller: the INVITE's From (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return this.request.from;
  }

  /** Legacy `SIP.Session.C` value: WAITING_FOR_ANSWER, WAITING_FOR_ACK, CONFIRMED, CANCELED or TERMINATED here. */
  get status(): SessionStatusValue {
    return this.currentStatus;
  }

  /** Send a provisional response (default 180 Ringing). */
  progress(options: ReplyOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 100, max: 199, defaultStatus: 180, defaultContentType: 'application/sdp' });
    this.requireWaiting();
    const response = this.respond(status, respond);
    this.emit('progress', LegacyResponse.of(response), response.reason);
    return this;
  }

  /** Answer 200 OK with the UA's Contact (and the body, `application/sdp` by default). */
  accept(options: Omit<ReplyOptions, 'statusCode'> = {}): this {
    const { status, respond } = replyOptions(options, { min: 200, max: 200, defaultStatus: 200, defaultContentType: 'application/sdp' });
    this.requireWaiting();
    this.clearNoAnswerTimer();
    let dialog: Dialog;
    try {
      // RFC 3261 §12.1.1: the 2xx creates the dialog, with the To tag the core chose for this request.
      dialog = Dialog.fromUas(this.incoming.request, this.incoming.localTag, { ...this.env.dialog, localContact: this.contact.toString() });
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      // No usable Contact (or Record-Route) in the INVITE: no dialog can exist, so the only honest answer is a 400 (§8.1.1.8).
      this.end(this.respond(400, { reason: `Bad Request (no usable ${error.header ?? 'Contact'})` }));
      return this;
    }
    const response = this.respond(status, {
      ...respond,
      onNoAck: () => this.noAck(dialog),
    });
    this.dialog = dialog;
    this.env.dialogs.add(dialog, this);
    this.currentStatus = SessionStatus.STATUS_WAITING_FOR_ACK;
    this.emit('accepted', LegacyResponse.of(response), response.reason);
    return this;
  }

  /** Answer 300–699 (default 480 Temporarily Unavailable, legacy); emits `rejected` then `failed`. */
  reject(options: ReplyOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 300, max: 699, defaultStatus: 480, defaultContentType: 'application/sdp' });
    this.requireWaiting();
    this.end(this.respond(status, respond));
    return this;
  }

  /**
   * End the accepted call with a BYE (RFC 3261 §15.1.1), built in the dialog: Route from its route set
   * (the INVITE's Record-Route, in order), Request-URI the caller's Contact. RFC 3261 §15: the callee
   * must not send it before the ACK for its 2xx, so one asked for earlier waits for the ACK. Emits `bye`
   * when it goes out. Throws InvalidStateError before accept() and after the end.
   */
  bye(options: ByeOptions = {}): this {
    const dialog = this.dialog;
    const status = this.currentStatus;
    if (dialog === undefined || (status !== SessionStatus.STATUS_CONFIRMED && status !== SessionStatus.STATUS_WAITING_FOR_ACK)) {
      throw new InvalidStateError(status);
    }
    if (this.byeOnAck !== undefined) return this;
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    const bye = dialog.createRequest('BYE', { extraHeaders: split.extraHeaders, body: options.body, contentType: split.contentType });
    if (status === SessionStatus.STATUS_WAITING_FOR_ACK) this.byeOnAck = bye;
    else this.sendBye(bye, dialog);
    return this;
  }

  /**
   * End the call whatever its state (legacy `terminate()`): `reject()` (480 by default) while it rings, else
   * `bye()` (after the ACK, RFC 3261 §15). Throws InvalidStateError once the call has ended.
   */
  terminate(options: TerminateOptions = {}): this {
    return this.currentStatus === SessionStatus.STATUS_WAITING_FOR_ANSWER ? this.reject(options) : this.bye(options);
  }

  /** The ACK for our 2xx arrived (the core stopped retransmitting it): the call is confirmed. */
  receiveAck(ack: SipRequest): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ACK) return;
    this.currentStatus = SessionStatus.STATUS_CONFIRMED;
    this.emit('confirmed', LegacyRequest.of(ack));
    const bye = this.byeOnAck;
    this.byeOnAck = undefined;
    if (bye !== undefined && this.dialog !== undefined && this.currentStatus === SessionStatus.STATUS_CONFIRMED) this.sendBye(bye, this.dialog);
  }

  /**
   * The caller ended the call (RFC 3261 §15.1.2; the 200 is sent and the dialog ended). A BYE before the
   * ACK means the ACK was lost: the call is over all the same.
   */
  receiveBye(bye: SipRequest): void {
    const status = this.currentStatus;
    if (status !== SessionStatus.STATUS_CONFIRMED && status !== SessionStatus.STATUS_WAITING_FOR_ACK) return;
    this.byeOnAck = undefined;
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('bye', LegacyRequest.of(bye));
  }

  /**
   * The core matched a CANCEL to this INVITE and answered it (200 to the CANCEL, 487 to the INVITE, RFC 3261
   * §9.2). Emits `cancel`, then `rejected` and `failed` with the 487 and CANCELED.
   */
  receiveCancel(cancel: SipRequest): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ANSWER) return;
    this.clearNoAnswerTimer();
    this.currentStatus = SessionStatus.STATUS_CANCELED;
    this.emit('cancel', LegacyRequest.of(cancel));
    const last = this.incoming.transaction.lastResponse;
    const final = last !== undefined && last.status >= 300 ? LegacyResponse.of(last) : undefined;
    if (final !== undefined) this.emit('rejected', final, C.causes.CANCELED);
    this.emit('failed', final, C.causes.CANCELED);
  }

  /** Rejected: by the application, or for want of a Contact. */
  private end(response: SipResponse): void {
    this.clearNoAnswerTimer();
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    const cause = statusToCause(response.status);
    const view = LegacyResponse.of(response);
    this.emit('rejected', view, cause);
    this.emit('failed', view, cause);
  }

  /** Legacy `noAnswerTimeout` fired while the application had neither accepted nor rejected. */
  private noAnswer(): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ANSWER) return;
    const response = this.respond(408, {});
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('failed', LegacyResponse.of(response), C.causes.NO_ANSWER);
  }

  private clearNoAnswerTimer(): void {
    if (this.noAnswerTimer === undefined) return;
    this.env.core.transactions.clock.clearTimeout(this.noAnswerTimer);
    this.noAnswerTimer = undefined;
  }

  private requireWaiting(): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ANSWER) throw new InvalidStateError(this.currentStatus);
  }

  private respond(status: number, respond: RespondOptions): SipResponse {
    // RFC 3261 §12.1.1, §13.3.1.1: the responses that may create the dialog carry the UA's Contact.
    const headers = status > 100 && status < 300 ? [...(respond.headers ?? []), ['Contact', this.contact.toString()] as [string, string]] : respond.headers;
    return this.env.core.respond(this.incoming, status, { ...respond, ...(headers === undefined ? {} : { headers }) });
  }

  private sendBye(bye: SipRequest, dialog: Dialog): void {
    this.env.dialogs.end(dialog);
    this.env.sender.send(bye, { onFinal: () => undefined, onFailure: () => undefined });
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('bye', LegacyRequest.of(bye));
  }

  private noAck(dialog: Dialog): void {
    this.env.dialogs.end(dialog);
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ACK) return;
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('failed', undefined, C.causes.NO_ACK);
  }
}
