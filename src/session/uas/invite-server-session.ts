import { Dialog, toContact, uasContactFor, type ContactInput, type IncomingRequest, type RespondOptions } from '../../core/index.js';
import { SipParseError, type ContactHeader, type SipRequest, type SipResponse } from '../../syntax/index.js';
import { InviteSession } from '../invite-session.js';
import type { SessionRequestOptions } from '../in-dialog-request-options.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { descriptionFailure } from '../reinvite/in-dialog-host.js';
import { descriptionOf } from '../sdp/description-of.js';
import type { SessionCause } from '../session-cause.js';
import type { DescriptionModifiers, SessionDescription } from '../session-description-handler.js';
import type { SessionEnvironment } from '../session-environment.js';
import type { SessionTimerVerdict } from '../timers/session-timer.js';
import { mediaErrorCause } from '../uac/media-error-cause.js';

/** Legacy `noAnswerTimeout` default: 60 s. */
export const DEFAULT_NO_ANSWER_TIMEOUT_MS = 60_000;

export interface InviteServerSessionOptions {
  /** The UA's Contact, sent in 1xx and 2xx answers (RFC 3261 §12.1.1: the 2xx must carry one). */
  contact: ContactInput;
  /** Milliseconds the application has to accept or reject before the caller gets 480 (legacy `noAnswerTimeout`). */
  noAnswerTimeout?: number | undefined;
}

/**
 * The callee's side of an INVITE session (RFC 3261 §13.3; RFC 3264). `prepare()` makes the media
 * handler and applies the INVITE's offer — 488 for an offer it cannot use, before the application
 * hears of the call. `progress()` sends 1xx; `accept()` answers 200 with our answer (or our offer,
 * for an INVITE without one, whose answer must then come in the ACK, §13.2.1); the core retransmits
 * it until the ACK (§13.3.1.4), which confirms the session; no ACK within 64·T1 ends it with a BYE
 * (NO_ACK). `reject()` sends 300–699. A CANCEL before our answer ends it (the core sent 200 and 487,
 * §9.2). Nobody answering within `noAnswerTimeout` gets 480 (NO_ANSWER). A BYE asked for before the
 * ACK goes out with it (§15: the callee must not send it earlier).
 */
export class InviteServerSession extends InviteSession {
  readonly ownsCallId = false;
  readonly localContact: string;
  readonly incoming: IncomingRequest;
  private readonly contact: ContactHeader;
  private readonly noAnswerTimer: OneShotTimer;
  private offer: SessionDescription | undefined;
  private offeredIn2xx = false;
  private acked = false;
  private byeOnAck: SipRequest | undefined;
  /** The early dialog our first 1xx with a To tag made (RFC 3261 §12.1.1); the 200 confirms it. */
  private early: Dialog | undefined;
  /** Session timers' answer to the INVITE (RFC 4028 §9): the headers of our 2xx. */
  private timerVerdict: SessionTimerVerdict | undefined;

  constructor(env: SessionEnvironment, incoming: IncomingRequest, options: InviteServerSessionOptions) {
    super(env, 'waiting-for-answer');
    this.incoming = incoming;
    // RFC 3261 §12.1.1: a SIPS URI when the INVITE asks for one (the core's checks parsed every header already).
    this.contact = uasContactFor(incoming.request, toContact('contact', options.contact));
    this.localContact = this.contact.toString();
    this.noAnswerTimer = new OneShotTimer(env.core.transactions.clock);
    this.noAnswerTimer.start(options.noAnswerTimeout ?? DEFAULT_NO_ANSWER_TIMEOUT_MS, () => this.noAnswer());
  }

  get request(): SipRequest {
    return this.incoming.request;
  }

  /**
   * Make the media handler and apply the INVITE's offer (RFC 3264 §6). True when the call can be
   * offered to the application; false when it was refused — 488 when this platform has no media
   * handler (WEBRTC_NOT_SUPPORTED) or the offer cannot be used (INCOMPATIBLE_SDP), 500 when the media
   * failed — or when the caller cancelled meanwhile. Never rejects.
   */
  async prepare(): Promise<boolean> {
    const timerVerdict = this.timer?.verdict(this.incoming.request);
    if (timerVerdict?.reject === true) {
      // RFC 4028 §9: an interval below our Min-SE; the caller retries with ours.
      this.refuse(422, undefined, undefined, { headers: timerVerdict.headers });
      return false;
    }
    this.timerVerdict = timerVerdict;
    const media = this.makeMedia();
    if (media === undefined) {
      this.refuse(488, 'WEBRTC_NOT_SUPPORTED');
      return false;
    }
    const offer = descriptionOf(this.incoming.request, media);
    if (offer !== undefined) {
      try {
        await media.setDescription(offer);
      } catch (error) {
        const cause = descriptionFailure(error);
        if (this.currentState === 'waiting-for-answer') this.refuse(cause === 'INCOMPATIBLE_SDP' ? 488 : 500, cause);
        return false;
      }
      this.offer = offer;
      this.startsHeld(offer);
    }
    return this.currentState === 'waiting-for-answer';
  }

  /** A provisional response (101–199 carry our Contact, §12.1.1). */
  progress(status: number, respond: RespondOptions = {}): SipResponse {
    this.requireWaiting();
    const response = this.respond(status, respond);
    if (status > 100) this.enterEarlyDialog();
    this.emit('progress', response);
    return response;
  }

  /**
   * Answer 200 with our Contact and our answer to the offer (or our offer). The dialog is made now, so a
   * Contact that cannot be a remote target gets 400 here (§8.1.1.8); the 200 goes once the media handler
   * has made the description (`accepted` then).
   */
  accept(respond: RespondOptions = {}, modifiers: DescriptionModifiers = {}): void {
    this.requireWaiting();
    this.noAnswerTimer.clear();
    let dialog: Dialog;
    try {
      // RFC 3261 §12.1.1: the 2xx creates the dialog, with the To tag the core chose for this request.
      dialog = this.early ?? Dialog.fromUas(this.incoming.request, this.incoming.localTag, { ...this.env.dialog, localContact: this.localContact });
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      // No usable Contact (or Record-Route) in the INVITE: no dialog can exist, so the only honest answer is a 400.
      this.refuse(400, undefined, `Bad Request (no usable ${error.header ?? 'Contact'})`);
      return;
    }
    this.currentState = 'answered';
    this.media!.getDescription(modifiers).then(
      (description) => this.answer(dialog, description, respond),
      (error: unknown) => {
        if (this.currentState !== 'answered') return;
        const cause = descriptionFailure(error) === 'INCOMPATIBLE_SDP' ? 'INCOMPATIBLE_SDP' : mediaErrorCause(error);
        this.refuse(cause === 'INCOMPATIBLE_SDP' ? 488 : cause === 'USER_DENIED_MEDIA_ACCESS' ? 480 : 500, cause);
      },
    );
  }

  /** Answer 300–699, also while our answer is being made (the 200 then never goes); emits `rejected` then `failed`. */
  reject(status: number, respond: RespondOptions = {}): void {
    if (this.currentState !== 'answered') this.requireWaiting();
    this.refuse(status, undefined, undefined, respond);
  }

  /** Before the ACK, the BYE waits for it (RFC 3261 §15); it is the same BYE asked for again. */
  override bye(options: SessionRequestOptions = {}): SipRequest {
    if (this.currentState !== 'waiting-for-ack') return super.bye(options);
    this.byeOnAck ??= this.requireDialog().createRequest('BYE', { extraHeaders: options.extraHeaders, body: options.body, contentType: options.contentType });
    return this.byeOnAck;
  }

  /**
   * The core matched a CANCEL to this INVITE and answered it (200 to the CANCEL, 487 to the INVITE,
   * RFC 3261 §9.2): `cancel`, then `rejected` and `failed` with the 487 and CANCELED.
   */
  receiveCancel(cancel: SipRequest): void {
    if (this.currentState !== 'waiting-for-answer' && this.currentState !== 'answered') return;
    const last = this.incoming.transaction.lastResponse;
    const final = last !== undefined && last.status >= 300 ? last : undefined;
    this.conclude(final, 'CANCELED', () => {
      this.emit('cancel', cancel);
      if (final !== undefined) this.emit('rejected', final, 'CANCELED');
      this.emit('failed', final, 'CANCELED');
    });
  }

  /** The ACK of our 2xx (the core stopped retransmitting it): with the answer to our offer when the 2xx carried one. */
  protected override receiveInitialAck(ack: SipRequest): void {
    if (this.currentState !== 'waiting-for-ack' || this.acked) return;
    this.acked = true;
    if (!this.offeredIn2xx) {
      this.confirm(ack);
      return;
    }
    const media = this.media!;
    const answer = descriptionOf(ack, media);
    if (answer === undefined) {
      // RFC 3261 §13.3.1.4 with RFC 3264 §5: our offer went unanswered; the session cannot have media.
      this.failEstablished(ack, 'BAD_MEDIA_DESCRIPTION');
      return;
    }
    media.setDescription(answer).then(
      () => {
        this.startsHeld(answer);
        this.confirm(ack);
      },
      (error: unknown) => this.failEstablished(ack, descriptionFailure(error)),
    );
  }

  /** RFC 3261 §14.1: no re-INVITE of ours while the initial INVITE's transaction lasts (until its ACK). */
  protected override initialExchangePending(): boolean {
    return this.currentState === 'answered' || this.currentState === 'waiting-for-ack';
  }

  protected override stopTimers(): void {
    this.noAnswerTimer.clear();
    // The session ends before (or without) its 200: the early dialog ends with it (RFC 3261 §12.3).
    const early = this.early;
    if (early !== undefined && early.state === 'early') this.env.dialogs.end(early);
  }

  protected override initialOfferOurs(): boolean {
    return this.offer === undefined;
  }

  private answer(dialog: Dialog, description: SessionDescription, respond: RespondOptions): void {
    if (this.currentState !== 'answered') return;
    const verdict = this.timerVerdict?.reject === false ? this.timerVerdict : undefined;
    const headers = [...(respond.headers ?? []), ...(verdict?.headers ?? [])];
    const response = this.respond(200, { ...respond, headers, body: description.body, contentType: description.contentType, onNoAck: () => this.noAck() });
    this.offeredIn2xx = this.offer === undefined;
    this.currentState = 'waiting-for-ack';
    if (dialog.state === 'early') dialog.confirm();
    this.establish(dialog);
    this.learnPeerAllow(this.incoming.request);
    verdict?.start();
    this.emit('accepted', response);
  }

  private confirm(ack: SipRequest): void {
    if (this.currentState !== 'waiting-for-ack') return;
    this.currentState = 'confirmed';
    this.emit('confirmed', ack);
    const bye = this.byeOnAck;
    this.byeOnAck = undefined;
    const dialog = this.dialog;
    if (bye !== undefined && dialog !== undefined && this.currentState === 'confirmed') this.hangUp(bye, dialog);
    else this.initialExchangeDone();
  }

  private failEstablished(ack: SipRequest, cause: SessionCause): void {
    this.endEstablished(ack, cause, true, () => this.emit('failed', undefined, cause));
  }

  /** Our final answer of 300 or more (or 400 for want of a Contact): `rejected`, `failed`, `terminated`. */
  private refuse(status: number, cause: SessionCause | undefined, reason?: string, respond: RespondOptions = {}): void {
    const response = this.respond(status, reason === undefined ? respond : { ...respond, reason });
    this.conclude(response, cause, () => {
      this.emit('rejected', response, cause);
      this.emit('failed', response, cause);
    });
  }

  /**
   * Legacy `noAnswerTimeout` fired while the application had neither accepted nor rejected: 480, `failed`
   * alone. RFC 3261 §21.4.18: the callee was reached but is not taking calls — not 408 (legacy SIP.js),
   * which says no answer could be produced and would send a forking proxy on to other branches' timeouts.
   */
  private noAnswer(): void {
    if (this.currentState !== 'waiting-for-answer') return;
    const response = this.respond(480, {});
    this.conclude(response, 'NO_ANSWER', () => this.emit('failed', response, 'NO_ANSWER'));
  }

  /** RFC 3261 §13.3.1.4: no ACK for our 2xx within 64·T1; the session ends with a BYE. */
  private noAck(): void {
    if (this.currentState !== 'waiting-for-ack') return;
    this.endEstablished(undefined, 'NO_ACK', true, () => this.emit('failed', undefined, 'NO_ACK'));
  }

  /** RFC 3261 §12.1.1: a 1xx with our To tag makes an early dialog; the peer's requests in it (UPDATE, RFC 3311 §5.1) reach this session. */
  private enterEarlyDialog(): void {
    if (this.early !== undefined) return;
    try {
      this.early = Dialog.fromUas(this.incoming.request, this.incoming.localTag, { ...this.env.dialog, localContact: this.localContact, state: 'early' });
    } catch {
      // No usable Contact: no dialog; the 200 will say so with a 400 (accept()).
      return;
    }
    this.env.dialogs.add(this.early, this);
  }

  private requireWaiting(): void {
    if (this.currentState !== 'waiting-for-answer') throw new Error(`the INVITE is not waiting for an answer (${this.currentState})`);
  }

  private respond(status: number, respond: RespondOptions): SipResponse {
    // RFC 3261 §12.1.1, §13.3.1.1: the responses that may create the dialog carry the UA's Contact.
    const headers = status > 100 && status < 300 ? [...(respond.headers ?? []), ['Contact', this.localContact] as [string, string]] : respond.headers;
    return this.env.core.respond(this.incoming, status, { ...respond, ...(headers === undefined ? {} : { headers }) });
  }
}
