import { SipParseError, type ContactHeader, type SipRequest, type SipResponse } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import {
  Dialog,
  toContact,
  type ContactInput,
  type DialogOptions,
  type IncomingRequest,
  type RespondOptions,
  type UserAgentCore,
} from '../../core/index.js';
import { C, statusToCause } from '../constants/index.js';
import { InvalidStateError } from '../exceptions.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import type { InviteServerContextEvents } from './context-events.js';
import { replyOptions, type ReplyOptions } from './reply-options.js';
import { SessionStatus, type SessionStatusValue } from './session-status.js';

/** What an `InviteServerContext` needs from its UA. */
export interface InviteServerContextEnvironment {
  core: UserAgentCore;
  /** The UA's Contact, sent in 1xx and 2xx answers (RFC 3261 §12.1.1: the 2xx must carry one). */
  contact: ContactInput;
  /** How the dialog builds its requests: transport descriptor, User-Agent, ids. */
  dialog: Omit<DialogOptions, 'localContact'>;
  /** The UA the call came to (legacy `session.ua`); absent for a context built on a bare core. */
  ua?: UA | undefined;
}

/**
 * An incoming INVITE at the level of its server transaction (legacy `SIP.InviteServerContext`, the UA's
 * `invite` event): `progress()` (1xx, default 180), `accept()` (200 with Contact; the dialog is kept in the
 * core so that the ACK and later requests find it), `reject()` (300–699, default 480), and `cancel` when the
 * caller gives up (the UA passes the core's CANCEL report to `receiveCancel`). A 2xx never acknowledged
 * within 64*T1 ends it with `failed(undefined, NO_ACK)` (RFC 3261 §13.3.1.4).
 *
 * Left for the session issue: media (the offer in the INVITE, the answer in the 2xx), reliable provisional
 * responses (RFC 3262), the no-answer timer (legacy 408 after `noAnswerTimeout`), the `confirmed` event on
 * ACK, the BYE after a missing ACK, receiving BYE and the `terminated` event.
 */
export class InviteServerContext extends Emitter<InviteServerContextEvents> {
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

  constructor(env: InviteServerContextEnvironment, incoming: IncomingRequest) {
    super();
    this.env = env;
    this.incoming = incoming;
    this.request = LegacyRequest.of(incoming.request);
    this.ua = env.ua;
    this.id = incoming.request.callId + (incoming.request.from.tag ?? '');
    this.contact = toContact('contact', env.contact);
  }

  /** The callee as the caller addressed it: the INVITE's To (legacy). */
  get localIdentity(): NameAddrHeader {
    return this.request.to;
  }

  /** The caller: the INVITE's From (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return this.request.from;
  }

  /** Legacy `SIP.Session.C` value: WAITING_FOR_ANSWER, WAITING_FOR_ACK, CANCELED or TERMINATED here. */
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
    const { core } = this.env;
    let dialog: Dialog;
    try {
      // RFC 3261 §12.1.1: the 2xx creates the dialog, with the To tag the core chose for this request.
      dialog = Dialog.fromUas(this.incoming.request, this.incoming.localTag, { ...this.env.dialog, localContact: this.contact.toString() });
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      // No usable Contact in the INVITE: no dialog can exist, so the only honest answer is a 400 (§8.1.1.8).
      this.end(this.respond(400, { reason: 'Bad Request (no usable Contact)' }));
      return this;
    }
    const response = this.respond(status, {
      ...respond,
      onNoAck: () => this.noAck(dialog),
    });
    this.dialog = dialog;
    core.addDialog(dialog);
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
   * The core matched a CANCEL to this INVITE and answered it (200 to the CANCEL, 487 to the INVITE, RFC 3261
   * §9.2). Emits `cancel`, then `rejected` and `failed` with the 487 and CANCELED.
   */
  receiveCancel(cancel: SipRequest): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ANSWER) return;
    this.currentStatus = SessionStatus.STATUS_CANCELED;
    this.emit('cancel', LegacyRequest.of(cancel));
    const last = this.incoming.transaction.lastResponse;
    const final = last !== undefined && last.status >= 300 ? LegacyResponse.of(last) : undefined;
    if (final !== undefined) this.emit('rejected', final, C.causes.CANCELED);
    this.emit('failed', final, C.causes.CANCELED);
  }

  /** Rejected: by the application, or for want of a Contact. */
  private end(response: SipResponse): void {
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    const cause = statusToCause(response.status);
    const view = LegacyResponse.of(response);
    this.emit('rejected', view, cause);
    this.emit('failed', view, cause);
  }

  private requireWaiting(): void {
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ANSWER) throw new InvalidStateError(this.currentStatus);
  }

  private respond(status: number, respond: RespondOptions): SipResponse {
    // RFC 3261 §12.1.1, §13.3.1.1: the responses that may create the dialog carry the UA's Contact.
    const headers = status > 100 && status < 300 ? [...(respond.headers ?? []), ['Contact', this.contact.toString()] as [string, string]] : respond.headers;
    return this.env.core.respond(this.incoming, status, { ...respond, ...(headers === undefined ? {} : { headers }) });
  }

  private noAck(dialog: Dialog): void {
    this.env.core.endDialog(dialog);
    if (this.currentStatus !== SessionStatus.STATUS_WAITING_FOR_ACK) return;
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('failed', undefined, C.causes.NO_ACK);
  }
}
