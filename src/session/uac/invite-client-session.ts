import { createCancel, dialogIdOfResponse, dialogKey, logFault, type Dialog, type SentRequest } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { ClientTransactionUser } from '../../transaction/index.js';
import { InviteSession } from '../invite-session.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { PrackClient } from '../prack/prack-client.js';
import { descriptionFailure, sendAck } from '../reinvite/in-dialog-host.js';
import { descriptionOf } from '../sdp/description-of.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription } from '../session-description-handler.js';
import type { SessionEnvironment } from '../session-environment.js';
import { EarlyDialogs } from './early-dialogs.js';
import { mediaErrorCause } from './media-error-cause.js';
import type { OutgoingInvite } from './outgoing-invite.js';

// Where the CANCEL transaction reports: nothing depends on its answer (RFC 3261 §9.1).
const IGNORED: ClientTransactionUser = { onResponse: () => undefined, onTimeout: () => undefined, onTransportError: () => undefined };

const CREDENTIAL_HEADERS = ['Authorization', 'Proxy-Authorization'];

// RFC 3326: the BYE that ends a call whose 2xx could not make a dialog says why.
const UNUSABLE_2XX_REASON = 'Reason: SIP;cause=400;text="Unusable Contact or Record-Route in the 2xx"';

/**
 * The caller's side of an INVITE session (RFC 3261 §13.2, §14.1; RFC 3264). `invite()` asks the
 * media handler for the offer (or sends none, `withoutOffer`) and sends the INVITE. Each fork that
 * answers with a To tag has its early dialog; an answer in a 1xx starts early media (RFC 6337
 * §3.1.1: the first fork's, a preview of the answer the 2xx carries). The first 2xx is the session:
 * ACKed at once (again for each retransmission), its answer applied — or, for an offerless INVITE,
 * its offer answered in the ACK. Any later 2xx of another fork is ACKed and ended with a BYE, and
 * a 1xx after the 2xx changes nothing. An answer that cannot be used ends the session with a BYE
 * (`failed` INCOMPATIBLE_SDP).
 *
 * Cancelling: a CANCEL waits for the first provisional response (§9.1); a 2xx that crosses it is
 * ACKed and ended with a BYE. Timer C (§16.6, 3 min by default): no final response and no 1xx but
 * 100 for that long fails the call with NO_ANSWER and cancels it. Without a final response 64·T1
 * after our CANCEL, the call ends as CANCELED.
 */
export class InviteClientSession extends InviteSession {
  readonly ownsCallId = true;
  readonly localContact: string;
  private readonly outgoing: OutgoingInvite;
  private readonly forks: EarlyDialogs;
  private readonly timerC: OneShotTimer;
  private readonly cancelTimer: OneShotTimer;
  private sent: SentRequest | undefined;
  private preparing = false;
  private offered = false;
  /** The offer of our INVITE, sent again in its one retry after a 422 (RFC 4028 §7.3). */
  private initialOffer: SessionDescription | undefined;
  private retriedAfter422 = false;
  /** Early dialogs entered in the router, so that the peer's UPDATE in one reaches us (RFC 3311 §5.1). */
  private readonly routedEarly = new Set<Dialog>();
  /** The request a provisional response arrived for: a CANCEL may go out for it (RFC 3261 §9.1). */
  private provisionalFor: SipRequest | undefined;
  /** Header lines of a CANCEL asked for before a provisional response came. */
  private pendingCancel: readonly string[] | undefined;
  /**
   * The peer's description in a 1xx, applied as early media, and the dialog of its fork. `final` when a
   * reliable 1xx brought it (RFC 3262 §5): that offer/answer is complete, the 2xx's body changes nothing.
   */
  private earlyAnswer: { key: string; description: SessionDescription; applied: Promise<void>; final?: boolean } | undefined;
  /** RFC 3262 §4: the RSeq of each early dialog, and the PRACKs; undefined when this UA does not use 100rel. */
  private readonly pracks: PrackClient | undefined;
  /** The ACK of each dialog's 2xx, sent again for its retransmissions; undefined while our answer is being made. */
  private readonly acks = new Map<string, SipRequest | undefined>();

  constructor(env: SessionEnvironment, outgoing: OutgoingInvite) {
    super(env, 'null');
    this.outgoing = outgoing;
    this.localContact = outgoing.request.rawHeader('Contact') ?? '';
    this.forks = new EarlyDialogs(env.dialog);
    const { clock } = env.core.transactions;
    this.timerC = new OneShotTimer(clock);
    this.cancelTimer = new OneShotTimer(clock);
    this.pracks = (env.rel100 ?? 'none') === 'none' ? undefined : new PrackClient((prack, onFinal) => this.send(prack, onFinal === undefined ? {} : { onFinal }));
  }

  /** The INVITE as last sent (the one built, or its authenticated retry), or as built before it goes. */
  get request(): SipRequest {
    return this.sent?.request ?? this.outgoing.request;
  }

  /** Make the offer and send the INVITE (once). Without a media handler the call fails with WEBRTC_NOT_SUPPORTED. */
  invite(): void {
    if (this.currentState !== 'null' || this.preparing) return;
    this.preparing = true;
    const media = this.makeMedia();
    if (media === undefined) {
      // Reported once the caller could listen: ua.invite() returns the session first.
      void Promise.resolve().then(() => this.fail(undefined, 'WEBRTC_NOT_SUPPORTED'));
      return;
    }
    if (this.outgoing.withoutOffer === true) {
      this.sendInvite(undefined);
      return;
    }
    media.getDescription().then(
      (offer) => this.sendInvite(offer),
      (error: unknown) => this.fail(undefined, mediaErrorCause(error)),
    );
  }

  /**
   * Give up the call. Before the INVITE went it ends at once (`cancel`, `failed` CANCELED); while it
   * rings a CANCEL goes (after the first provisional response, RFC 3261 §9.1) with `headerLines`,
   * and the 487 ends it; once the 2xx came, a BYE ends it. Nothing happens after that.
   */
  cancel(headerLines: readonly string[] = []): void {
    switch (this.currentState) {
      case 'null':
        this.conclude(undefined, 'CANCELED', () => {
          this.emit('cancel', undefined);
          this.emit('failed', undefined, 'CANCELED');
        });
        return;
      case 'invite-sent':
      case '1xx-received':
        this.currentState = 'canceled';
        this.timerC.clear();
        if (this.sent !== undefined && this.provisionalFor === this.sent.request) this.sendCancel(headerLines);
        else this.pendingCancel = headerLines;
        this.emit('cancel', undefined);
        return;
      case 'answered':
        this.bye();
        return;
      default:
    }
  }

  protected override initialExchangePending(): boolean {
    return this.currentState === 'answered';
  }

  protected override initialOfferOurs(): boolean {
    return this.offered;
  }

  /** RFC 3311 §5.1: our early UPDATE failed the early dialog; the INVITE is cancelled. */
  protected override earlyDialogFailed(_response: SipResponse | undefined, cause: SessionCause): void {
    this.logger.warn(`the early dialog of INVITE ${this.request.callId} failed (${cause}): cancelling`);
    this.cancel();
  }

  /** The answer (or offer) of an early UPDATE replaces the reliable 1xx's: the 2xx confirms the session with it. */
  protected override earlyRemoteDescription(description: SessionDescription): void {
    const early = this.earlyAnswer;
    if (early?.final === true) this.earlyAnswer = { ...early, description };
  }

  protected override stopTimers(): void {
    this.timerC.clear();
    this.cancelTimer.clear();
  }

  protected override conclude(message: SipRequest | SipResponse | undefined, cause: SessionCause | undefined, announce?: () => void): void {
    this.leaveEarlyDialogs();
    super.conclude(message, cause, announce);
  }

  /** The INVITE got its final response (or the session ended): the early dialogs not confirmed leave the router (RFC 3261 §12.3). */
  private leaveEarlyDialogs(): void {
    for (const dialog of this.routedEarly) {
      if (dialog.state !== 'confirmed') this.env.dialogs.end(dialog);
    }
    this.routedEarly.clear();
  }

  private sendInvite(offer: SessionDescription | undefined): void {
    if (this.currentState !== 'null') return;
    this.initialOffer = offer;
    if (!this.transmit(this.outgoing.build(offer))) return;
    this.offered = offer !== undefined;
    this.currentState = 'invite-sent';
    this.startTimerC();
  }

  /** Send (or re-send) our INVITE, with our session timer headers (RFC 4028 §7.1); false when it could not go (the call failed). */
  private transmit(request: SipRequest): boolean {
    try {
      for (const line of this.timer?.requestHeaders(false) ?? []) {
        const colon = line.indexOf(':');
        request.addHeader(line.slice(0, colon), line.slice(colon + 1).trim());
      }
      this.sent = this.env.sender.send(request, {
        onProvisional: (response) => this.receiveProvisional(response),
        onFinal: (response) => (response.status < 300 ? this.receive2xx(response) : this.receiveFailure(response)),
        onLater2xx: (response) => this.receiveLater2xx(response),
        onFailure: (cause) => this.fail(undefined, cause),
      });
      return true;
    } catch (error) {
      logFault(this.logger, 'INVITE not sent', error);
      this.fail(undefined, 'CONNECTION_ERROR');
      return false;
    }
  }

  /**
   * RFC 4028 §7.3: a 422 names the peer's (or a proxy's) Min-SE; the INVITE goes once more, a new
   * transaction with the next CSeq, asking for that interval. Only one retry: a second 422 ends the call.
   */
  private retryAfter422(response: SipResponse): boolean {
    const state = this.currentState;
    if (response.status !== 422 || this.retriedAfter422 || (state !== 'invite-sent' && state !== '1xx-received')) return false;
    if (this.timer?.tooSmall(response) !== true) return false;
    this.retriedAfter422 = true;
    const retry = this.outgoing.build(this.initialOffer);
    retry.setHeader('CSeq', `${this.request.cseq.seq + 1} INVITE`);
    this.forks.clear();
    this.leaveEarlyDialogs();
    if (!this.transmit(retry)) return true;
    this.currentState = 'invite-sent';
    this.startTimerC();
    return true;
  }

  private receiveProvisional(response: SipResponse): void {
    this.provisionalFor = this.sent?.request;
    // RFC 3261 §9.1: a CANCEL asked for earlier (by cancel() or Timer C) may go now.
    if (this.pendingCancel !== undefined) {
      this.sendCancel(this.pendingCancel);
      this.pendingCancel = undefined;
    }
    const state = this.currentState;
    if (state !== 'invite-sent' && state !== '1xx-received') return;
    // RFC 3261 §16.7 step 2: a provisional response other than 100 restarts Timer C.
    if (response.status > 100) this.startTimerC();
    this.currentState = '1xx-received';
    let dialog: Dialog | undefined;
    try {
      dialog = this.forks.provisional(this.request, response);
    } catch (error) {
      logFault(this.logger, `no early dialog from the ${response.status}`, error);
    }
    if (dialog !== undefined && !this.routedEarly.has(dialog)) {
      this.routedEarly.add(dialog);
      this.env.dialogs.add(dialog, this);
    }
    const verdict = dialog === undefined || this.pracks === undefined ? undefined : this.pracks.classify(dialog, response);
    // RFC 3262 §4: a retransmitted or out-of-order reliable 1xx is neither acknowledged nor processed.
    if (verdict?.kind === 'ignored') return;
    if (dialog !== undefined && verdict?.kind === 'reliable') this.takeReliable(dialog, response, verdict.rseq);
    else if (dialog !== undefined) this.playEarlyMedia(dialog, response);
    this.emit('progress', response);
  }

  /**
   * A reliable 1xx (RFC 3262 §4, §5): its description is final — the answer to our offer, applied as such,
   * or an offer, answered in the PRACK — unless an earlier reliable one completed the exchange; then the PRACK.
   */
  private takeReliable(dialog: Dialog, response: SipResponse, rseq: number): void {
    const pracks = this.pracks!;
    const media = this.media;
    const description = media === undefined ? undefined : descriptionOf(response, media);
    if (media === undefined || description === undefined || this.earlyAnswer?.final === true) {
      pracks.prack(dialog, response, rseq);
      return;
    }
    if (this.offered) {
      const applied = media.setDescription(description);
      applied.catch((error: unknown) => logFault(this.logger, `the answer of the reliable ${response.status} was not applied`, error));
      this.earlyAnswer = { key: dialog.key, description, applied, final: true };
      pracks.prack(dialog, response, rseq, undefined, (final) => {
        if (final.status < 300) applied.then(() => this.allowEarlyUpdates(dialog), () => undefined);
      });
      return;
    }
    const answer = media.setDescription(description).then(() => media.getDescription());
    this.earlyAnswer = { key: dialog.key, description, applied: answer.then(() => undefined), final: true };
    answer.then(
      // RFC 3311 §5.1: once the PRACK with our answer is accepted, the early dialog may carry UPDATE offers.
      (made) => pracks.prack(dialog, response, rseq, made, (final) => final.status < 300 && this.allowEarlyUpdates(dialog)),
      (error: unknown) => {
        // The PRACK still goes (the UAS stops retransmitting), and the call, whose offer we cannot answer, is given up.
        logFault(this.logger, `the offer of the reliable ${response.status} cannot be answered`, error);
        pracks.prack(dialog, response, rseq);
        this.cancel();
      },
    );
  }

  /** RFC 6337 §3.1.1: the answer in an unreliable 1xx previews the 2xx's; the first fork's is applied, as early media. */
  private playEarlyMedia(dialog: Dialog, response: SipResponse): void {
    const media = this.media;
    if (!this.offered || this.earlyAnswer !== undefined || media === undefined) return;
    const description = descriptionOf(response, media);
    if (description === undefined) return;
    const applied = media.setDescription(description, { provisional: true });
    applied.catch((error: unknown) => logFault(this.logger, `the early answer of the ${response.status} was not applied`, error));
    this.earlyAnswer = { key: dialog.key, description, applied };
  }

  /** The dialog a 2xx makes (RFC 3261 §12.1.2); undefined, logged, when it cannot make one. */
  private dialogOf2xx(response: SipResponse): Dialog | undefined {
    try {
      return this.forks.confirmed(this.request, response);
    } catch (error) {
      logFault(this.logger, 'a 2xx that cannot answer our INVITE was dropped', error);
      return undefined;
    }
  }

  private receive2xx(response: SipResponse): void {
    this.pendingCancel = undefined;
    this.stopTimers();
    const dialog = this.dialogOf2xx(response);
    if (dialog === undefined) return;
    this.forks.clear();
    this.leaveEarlyDialogs();
    const state = this.currentState;
    const ringing = state === 'invite-sent' || state === '1xx-received';
    if (!ringing || dialog.defect !== undefined) {
      // Accepted after cancel() (the CANCEL crossed the 2xx, RFC 3261 §9.1), after the call ended otherwise,
      // or with a Contact or Record-Route that allow no dialog (§12.1.2): the 2xx must still be acknowledged,
      // then the call ended (§13.2.2.4, §15). Legacy emits `bye` after cancel().
      this.acknowledge(dialog, response, undefined);
      const bye = dialog.createRequest('BYE', dialog.defect === undefined ? {} : { extraHeaders: [UNUSABLE_2XX_REASON] });
      this.sendBye(bye, dialog);
      if (state === 'canceled') this.conclude(response, 'CANCELED', () => this.emit('bye', bye));
      else if (ringing) this.conclude(response, 'DIALOG_ERROR', () => this.emit('failed', response, 'DIALOG_ERROR'));
      return;
    }
    this.currentState = 'answered';
    this.establish(dialog);
    this.learnPeerAllow(response);
    this.timer?.answered(response);
    if (this.offered) this.receiveAnswer(dialog, response);
    else this.receiveOffer(dialog, response);
  }

  /** RFC 3261 §13.2.1: the 2xx carries the answer to our offer (a 1xx of the same fork may have brought it already). */
  private receiveAnswer(dialog: Dialog, response: SipResponse): void {
    this.acknowledge(dialog, response, undefined);
    const media = this.media!;
    const early = this.earlyAnswer;
    // RFC 3262 §5: the answer of a reliable 1xx of this fork is the answer; the 2xx's body changes nothing.
    const settled = early?.final === true && early.key === dialog.key;
    const answer = settled ? early.description : (descriptionOf(response, media) ?? (early?.key === dialog.key ? early.description : undefined));
    if (answer === undefined) {
      this.failEstablished(response, 'BAD_MEDIA_DESCRIPTION');
      return;
    }
    // The same answer as the early media's is applied already: no renegotiation (RFC 6337 §3.1.1).
    const applied = early !== undefined && (settled || early.description.body === answer.body) ? early.applied : media.setDescription(answer);
    applied.then(
      () => this.accepted(response, answer),
      (error: unknown) => this.failEstablished(response, descriptionFailure(error)),
    );
  }

  /** RFC 3261 §13.2.1: our INVITE had no offer, so the 2xx carries the peer's and the ACK our answer. */
  private receiveOffer(dialog: Dialog, response: SipResponse): void {
    const media = this.media!;
    const early = this.earlyAnswer;
    if (early?.final === true && early.key === dialog.key) {
      // RFC 3262 §5: the offer of a reliable 1xx was answered in our PRACK; the ACK carries nothing.
      this.acknowledge(dialog, response, undefined);
      early.applied.then(
        () => this.accepted(response, early.description),
        (error: unknown) => this.failEstablished(response, descriptionFailure(error)),
      );
      return;
    }
    const offer = descriptionOf(response, media);
    if (offer === undefined) {
      this.acknowledge(dialog, response, undefined);
      this.failEstablished(response, 'BAD_MEDIA_DESCRIPTION');
      return;
    }
    // Retransmissions of the 2xx wait for the ACK with our answer.
    this.acks.set(dialog.key, undefined);
    media
      .setDescription(offer)
      .then(() => media.getDescription())
      .then(
        (answer) => {
          this.acknowledge(dialog, response, answer);
          this.accepted(response, offer);
        },
        (error: unknown) => {
          // §13.2.2.4: an offer we cannot answer is still ACKed, then the session ended with a BYE.
          this.acknowledge(dialog, response, undefined);
          this.failEstablished(response, descriptionFailure(error));
        },
      );
  }

  private accepted(response: SipResponse, remote: SessionDescription): void {
    if (this.currentState !== 'answered') return;
    this.currentState = 'confirmed';
    this.emit('accepted', response);
    this.remoteDescriptionApplied(remote);
    this.initialExchangeDone();
  }

  private failEstablished(response: SipResponse, cause: SessionCause): void {
    this.endEstablished(response, cause, true, () => this.emit('failed', response, cause));
  }

  private receiveLater2xx(response: SipResponse): void {
    let key: string | undefined;
    try {
      const id = dialogIdOfResponse(response);
      key = id === undefined ? undefined : dialogKey(id);
    } catch {
      return;
    }
    if (key !== undefined && this.acks.has(key)) {
      // RFC 3261 §13.2.2.4: a retransmitted 2xx gets the same ACK again.
      const ack = this.acks.get(key);
      if (ack !== undefined) sendAck(this, ack);
      return;
    }
    // Another fork answered too: acknowledge it and end that call (RFC 3261 §13.2.2.4).
    const dialog = this.dialogOf2xx(response);
    if (dialog === undefined) return;
    this.acknowledge(dialog, response, undefined);
    this.sendBye(dialog.createRequest('BYE'), dialog);
  }

  private receiveFailure(response: SipResponse): void {
    if (this.retryAfter422(response)) return;
    // RFC 3261 §9.1: after a final response there is nothing left to cancel.
    this.pendingCancel = undefined;
    this.forks.clear();
    const cause = this.currentState === 'canceled' && response.status === 487 ? 'CANCELED' : undefined;
    this.conclude(response, cause, () => {
      this.emit('rejected', response, cause);
      this.emit('failed', response, cause);
    });
  }

  /** The call failed before it was established: `failed` without a response. */
  private fail(response: SipResponse | undefined, cause: SessionCause): void {
    this.conclude(response, cause, () => this.emit('failed', response, cause));
  }

  /** RFC 3261 §13.2.2.4: the ACK is built in the dialog, with the INVITE's CSeq number and its credentials. */
  private acknowledge(dialog: Dialog, response: SipResponse, answer: SessionDescription | undefined): void {
    const invite = this.request;
    const credentials = CREDENTIAL_HEADERS.flatMap((name) => invite.rawHeaders(name).map((value) => `${name}: ${value}`));
    const ack = dialog.createAck(response.cseq.seq, { extraHeaders: credentials, body: answer?.body, contentType: answer?.contentType });
    this.acks.set(dialog.key, ack);
    sendAck(this, ack);
  }

  private sendCancel(headerLines: readonly string[]): void {
    const invite = this.sent!.request;
    const { core } = this.env;
    const cancel = createCancel(invite, { extraHeaders: headerLines });
    core.send(cancel, this.env.destination(cancel), IGNORED);
    // A CANCEL sent after Timer C ended the call has nothing left to report.
    if (this.currentState !== 'canceled') return;
    // RFC 3261 §9.1: without a final response 64*T1 after the CANCEL, the INVITE transaction is over.
    this.cancelTimer.start(core.transactions.timers.timerB, () => this.fail(undefined, 'CANCELED'));
  }

  private startTimerC(): void {
    this.timerC.start(this.env.core.transactions.timers.timerC, () => this.timerCFired());
  }

  /**
   * RFC 3261 §16.8: nobody answered in time. The call fails with NO_ANSWER now; the CANCEL goes at once
   * when a provisional response came, else with the first one (§9.1) — if none ever comes, Timer B ends
   * the INVITE transaction.
   */
  private timerCFired(): void {
    const state = this.currentState;
    if (state !== 'invite-sent' && state !== '1xx-received') return;
    this.fail(undefined, 'NO_ANSWER');
    if (this.sent !== undefined && this.provisionalFor === this.sent.request) this.sendCancel([]);
    else this.pendingCancel = [];
  }
}
