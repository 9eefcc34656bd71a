import { Dialog, toContact, uasContactFor, type ContactInput, type IncomingRequest, type RespondOptions } from '../../core/index.js';
import { SipParseError, type ContactHeader, type SipRequest, type SipResponse } from '../../syntax/index.js';
import { InviteSession } from '../invite-session.js';
import type { SessionRequestOptions } from '../in-dialog-request-options.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { descriptionFailure } from '../reinvite/in-dialog-host.js';
import { lacks100rel, sendsReliably } from '../prack/rel100.js';
import { ReliableProvisionalSender } from '../prack/reliable-provisional-sender.js';
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
  /** RFC 3262: our reliable 1xx and their PRACKs, from the first one (they go in the early dialog). */
  private reliable: ReliableProvisionalSender | undefined;

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
    if (lacks100rel(this.env.rel100 ?? 'none', this.incoming.request)) {
      // RFC 3262 §3, RFC 3261 §21.4.16: this UA requires reliable provisional responses; the caller cannot do them.
      this.refuse(421, undefined, undefined, { headers: [['Require', '100rel']] });
      return false;
    }
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

  /**
   * A provisional response (101–199 carry our Contact, §12.1.1). It goes reliably (RFC 3262) when the
   * INVITE requires 100rel, or supports it and `rel100` asks or the UA requires it: then asynchronously,
   * after the previous reliable one was acknowledged, `progress` emitted when it goes, and undefined is
   * returned; else the response sent now.
   */
  progress(status: number, respond: RespondOptions = {}, rel100?: boolean): SipResponse | undefined {
    this.requireWaiting();
    if (sendsReliably(this.env.rel100 ?? 'none', this.incoming.request, status, rel100)) {
      this.reliableSender().progress(status, respond);
      return undefined;
    }
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
    const reliable = this.reliable;
    if (reliable === undefined) {
      this.answerWith(this.media!.getDescription(modifiers), dialog, respond);
      return;
    }
    // RFC 3262 §3: not before the PRACK of a reliable 1xx with a description; its offer/answer is final, the 200 repeats it.
    reliable.beforeFinal(() => {
      const early = reliable.exchanged ? reliable.description : undefined;
      return this.answerWith(early === undefined ? this.media!.getDescription(modifiers) : Promise.resolve(early), dialog, respond);
    });
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

  /**
   * A request in our dialog. Before our final response the dialog is the early one of a reliable 1xx, and
   * the caller may end it with a BYE (RFC 3261 §15): 200 to it and, §15.1.2, 487 to the INVITE still
   * pending; `bye`, `rejected` and `failed` with the 487 and CANCELED.
   */
  override receiveRequest(incoming: IncomingRequest): void {
    const early = this.currentState === 'waiting-for-answer' || this.currentState === 'answered';
    if (incoming.request.method !== 'BYE' || !early) {
      super.receiveRequest(incoming);
      return;
    }
    this.env.core.respond(incoming, 200);
    const response = this.respond(487, {});
    this.conclude(incoming.request, 'CANCELED', () => {
      this.emit('bye', incoming.request);
      this.emit('rejected', response, 'CANCELED');
      this.emit('failed', response, 'CANCELED');
    });
  }

  /** A PRACK in the early dialog (RFC 3262 §3): for the reliable 1xx it acknowledges; 481 when there is none. */
  protected override receivePrack(incoming: IncomingRequest): void {
    if (this.reliable === undefined) super.receivePrack(incoming);
    else this.reliable.receivePrack(incoming);
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
    this.reliable?.stop();
  }

  protected override initialOfferOurs(): boolean {
    return this.offer === undefined;
  }

  /** RFC 3311 §5.1: an UPDATE of the early dialog failed it; the INVITE is refused with a 500 (RFC 3261 §21.5.1). */
  protected override earlyDialogFailed(_response: SipResponse | undefined, cause: SessionCause): void {
    if (this.currentState === 'waiting-for-answer' || this.currentState === 'answered') this.refuse(500, cause);
  }

  /** Our latest early description (of an UPDATE exchange) is the one the 200 repeats (RFC 3262 §5: no new offer in it). */
  protected override earlyLocalDescription(description: SessionDescription): void {
    if (this.reliable !== undefined) this.reliable.description = description;
  }

  /** The peer's description of an early UPDATE exchange is the session's. */
  protected override earlyRemoteDescription(description: SessionDescription): void {
    this.offer = description;
  }

  private answerWith(description: Promise<SessionDescription>, dialog: Dialog, respond: RespondOptions): Promise<void> {
    return description.then(
      (made) => this.answer(dialog, made, respond),
      (error: unknown) => {
        if (this.currentState !== 'answered') return;
        const cause = descriptionFailure(error) === 'INCOMPATIBLE_SDP' ? 'INCOMPATIBLE_SDP' : mediaErrorCause(error);
        this.refuse(cause === 'INCOMPATIBLE_SDP' ? 488 : cause === 'USER_DENIED_MEDIA_ACCESS' ? 480 : 500, cause);
      },
    );
  }

  /** The sender of our reliable 1xx, made with the early dialog they create (RFC 3262 §3: PRACKs come in it). */
  private reliableSender(): ReliableProvisionalSender {
    if (this.reliable !== undefined) return this.reliable;
    const sender = new ReliableProvisionalSender({
      env: this.env,
      invite: this.incoming.request,
      media: () => this.media,
      // A 1xx asked for before accept() still goes first (the 200 waits for its PRACK).
      ringing: () => this.currentState === 'waiting-for-answer' || this.currentState === 'answered',
      respond: (status, options) => this.respondEarly(status, options),
      retransmit: (response) => this.incoming.transaction.respond(response),
      sent: (response) => this.emit('progress', response),
      answered: (description) => {
        this.offer = description;
        this.startsHeld(description);
      },
      settled: () => {
        if (this.early !== undefined) this.allowEarlyUpdates(this.early);
      },
      failed: (status, cause) => {
        if (this.currentState === 'waiting-for-answer' || this.currentState === 'answered') this.refuse(status, cause);
      },
    });
    this.reliable = sender;
    return sender;
  }

  /** A reliable 1xx: in the early dialog it creates, which the PRACKs reach us by; a 400 when the INVITE allows none. */
  private respondEarly(status: number, options: RespondOptions): SipResponse | undefined {
    // RFC 3262 §3: the PRACKs come in the dialog the reliable 1xx makes; without one, none can.
    if (!this.enterEarlyDialog()) {
      this.refuse(400, undefined, 'Bad Request (no usable Contact)');
      return undefined;
    }
    return this.respond(status, options);
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

  /**
   * RFC 3261 §12.1.1: a 1xx with our To tag makes an early dialog; the peer's requests in it (PRACK,
   * RFC 3262 §3; UPDATE, RFC 3311 §5.1) reach this session. False when the INVITE allows none (no
   * usable Contact): the 200 will say so with a 400 (accept()).
   */
  private enterEarlyDialog(): boolean {
    if (this.early !== undefined) return true;
    try {
      this.early = Dialog.fromUas(this.incoming.request, this.incoming.localTag, { ...this.env.dialog, localContact: this.localContact, state: 'early' });
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      return false;
    }
    this.env.dialogs.add(this.early, this);
    return true;
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
