import { logFault, silentLogger, type Dialog, type IncomingRequest, type RequestOutcome } from '../core/index.js';
import type { SipMessage, SipRequest, SipResponse } from '../syntax/index.js';
import { consoleListenerErrorHandler, Emitter } from '../transport/index.js';
import type { DialogUser } from './dialog-router.js';
import { DTMF_RELAY_CONTENT_TYPE, dtmfRelayBody, readDtmfRelay } from './dtmf/dtmf-relay.js';
import type { DtmfPlan } from './dtmf/dtmf-options.js';
import { DtmfSender } from './dtmf/dtmf-sender.js';
import type { SessionRequestOptions } from './in-dialog-request-options.js';
import { pendingInviteRetryAfter } from './reinvite/glare-delay.js';
import { ReinviteServer } from './reinvite/reinvite-server.js';
import { Renegotiation, type RenegotiationHost } from './reinvite/renegotiation.js';
import type { OutgoingRefer } from './refer/outgoing-refer.js';
import { SessionTransfers, type ReferOptions } from './refer/session-transfers.js';
import { peerHolds } from './sdp/peer-holds.js';
import { sendInDialog } from './send-in-dialog.js';
import type { SessionCause } from './session-cause.js';
import type { MediaKinds, SessionDescription, SessionDescriptionHandler } from './session-description-handler.js';
import type { SessionEnvironment } from './session-environment.js';
import type { InviteSessionEvents, MediaKindFlags } from './session-events.js';
import type { SessionState } from './session-state.js';
import { SessionTimer, type SessionTimerVerdict } from './timers/session-timer.js';
import { allowsMethod } from './timers/session-timer-headers.js';
import { answerEarlyUpdate } from './update/early-update.js';
import { UpdateExchange, type UpdateOptions } from './update/update-exchange.js';
import type { OfferState, UpdateHost } from './update/update-host.js';

// Methods `sendRequest` refuses: each has its own way (RFC 3261 §13.2.2.4, §9.1, §14.1, §15).
const OWN_WAY: ReadonlySet<string> = new Set(['ACK', 'CANCEL', 'INVITE', 'BYE', 'PRACK']);
// Whose listeners an ended session consults: nobody's, so that it keeps no application object.
const NO_REFER_LISTENERS = { listenerCount: (): number => 0 };

/**
 * What UAC and UAS sessions share once a dialog exists (RFC 3261 §12–15): the requests of the
 * peer in the dialog (BYE, INFO, re-INVITE, ACK), ours (BYE, INFO, re-INVITE for hold), DTMF,
 * mute, the media handler's life, and the end of the session — `terminated` exactly once,
 * whatever ends it, with the media closed and the dialog forgotten (later requests in it get 481).
 */
export abstract class InviteSession extends Emitter<InviteSessionEvents> implements DialogUser {
  readonly env: SessionEnvironment;
  /** When the session was established (2xx sent or received), and when it ended. */
  startTime: Date | undefined;
  endTime: Date | undefined;
  /** RFC 3261 §14.1: the UAC of the initial INVITE chose the Call-ID. */
  abstract readonly ownsCallId: boolean;
  /** This UA's Contact in the dialog (RFC 3261 §12.1). */
  abstract readonly localContact: string;
  protected currentState: SessionState;
  private established: Dialog | undefined;
  private handler: SessionDescriptionHandler | undefined;
  /** The media of the established dialog, which our re-INVITEs renegotiate (hold, refresh, RFC 3261 §14). */
  private renegotiatesWith: SessionDescriptionHandler | undefined;
  /** Our re-INVITEs, made at the first hold, refresh or re-INVITE either way: most calls never see one. */
  private renegotiationState: Renegotiation | undefined;
  private incomingReinvite: ReinviteServer | undefined;
  private peerHold = false;
  private readonly mutedKinds: MediaKindFlags = { audio: false, video: false };
  /** Our DTMF queue, made at the first digits sent: most calls send none. */
  private digitSender: DtmfSender | undefined;
  /** RFC 4028: undefined when the UA uses no session timers. */
  protected readonly timer: SessionTimer | undefined;
  /**
   * The dialog UPDATEs may go and come in (RFC 3311), with the media they renegotiate: an early one
   * (§5.1) until the session is established in it. Undefined while no UPDATE can be taken.
   */
  private updatesIn: { dialog: Dialog; media: SessionDescriptionHandler } | undefined;
  /** The UPDATE exchange of `updatesIn`, made at the first UPDATE either way: most calls never see one. */
  private updateExchange: UpdateExchange | undefined;
  /** Whether the peer's Allow lists UPDATE (RFC 3311 §5.1); undefined when it sent no Allow. */
  private peerAllowsUpdate: boolean | undefined;
  /** REFERs and their NOTIFYs either way, made at the first one: most calls see none. */
  private transfersMade: SessionTransfers | undefined;
  /**
   * Whose `refer` listeners say whether the application takes the peer's REFERs (RFC 3515 §2.4.2: else
   * 603, legacy): the session's own; a facade that re-emits the session's events names itself.
   */
  referListeners: { listenerCount(event: 'refer'): number } = this;

  protected constructor(env: SessionEnvironment, state: SessionState) {
    super();
    this.env = env;
    this.currentState = state;
    if (env.sessionTimers !== undefined) {
      this.timer = new SessionTimer(env.core.transactions.clock, env.sessionTimers, { refresh: () => this.refreshSession(), expire: () => this.sessionExpired() });
    }
  }

  /** Whether the application takes the peer's REFERs: whether `referListeners` has a `refer` listener. */
  takesRefer(): boolean {
    return this.referListeners.listenerCount('refer') > 0;
  }

  private get digits(): DtmfSender {
    this.digitSender ??= new DtmfSender(this.env.core.transactions.clock, (tone, plan) => this.sendDigit(tone, plan));
    return this.digitSender;
  }

  private get transfers(): SessionTransfers {
    this.transfersMade ??= new SessionTransfers({
      core: this.env.core,
      dialog: () => (this.currentState === 'terminated' ? undefined : this.established),
      localContact: () => this.localContact,
      send: (request, outcome) => this.sendOwn(request, outcome),
      takesRefer: () => this.takesRefer(),
      referred: (refer) => this.emit('refer', refer),
    });
    return this.transfersMade;
  }

  get state(): SessionState {
    return this.currentState;
  }

  /** The session's dialog, once established. */
  get dialog(): Dialog | undefined {
    return this.established;
  }

  /** The media handler (legacy `session.mediaHandler`), once made. */
  get media(): SessionDescriptionHandler | undefined {
    return this.handler;
  }

  /** Legacy `isOnHold()`: whether we hold the call (asked for), and whether the peer's last description holds it. */
  isOnHold(): { local: boolean; remote: boolean } {
    return { local: this.renegotiationState?.localHold ?? false, remote: this.peerHold };
  }

  /** Whether the kinds of media are muted. */
  get muted(): Readonly<MediaKindFlags> {
    return this.mutedKinds;
  }

  /**
   * Hold the call (RFC 3264 §8.4): a re-INVITE whose offer sends only (or nothing, when the peer holds
   * too), queued while another offer/answer is pending. Emits `hold` now; `unhold` if the re-INVITE fails
   * (the state is put back). Nothing happens when already held. Needs the dialog.
   */
  hold(): void {
    if (this.requireRenegotiation().request(true)) this.emit('hold', 'local');
  }

  /** Take the call off hold: the same, with an offer that sends and receives again. */
  unhold(): void {
    if (this.requireRenegotiation().request(false)) this.emit('unhold', 'local');
  }

  /**
   * Send an UPDATE in the dialog (RFC 3311): with a new offer from the media handler (the hold state as
   * it is), or none with `{ offer: false }` (a refresh). Resolves with the final response; the answer in
   * its 2xx is applied, a failure rolls the offer back. Before the 2xx it goes in the early dialog once
   * the initial offer/answer completed there (reliable 1xx and PRACK, RFC 3311 §5.1 with RFC 3262 §5).
   * Throws when an offer is asked for while another offer/answer is pending (§5.1), or without a dialog.
   */
  update(options: UpdateOptions = {}): Promise<SipResponse> {
    if (this.earlyUpdates) return this.updates()!.send(options);
    if (this.currentState !== 'terminated' && this.established === undefined) {
      throw new Error('no UPDATE in the early dialog before its initial offer/answer completed (RFC 3311 §5.1: a reliable 1xx and its PRACK)');
    }
    this.requireDialog();
    const updates = this.updates();
    if (updates === undefined) throw new Error('the session has no media handler to update with');
    return updates.send(options);
  }

  /** Whether `update()` goes in the early dialog now: its initial offer/answer completed there (RFC 3311 §5.1), no 2xx yet. */
  get earlyUpdates(): boolean {
    return this.currentState !== 'terminated' && this.established === undefined && this.updatesIn !== undefined;
  }

  /** The session timer negotiated (RFC 4028): interval in seconds and who refreshes; none without one. */
  get sessionTimer(): { interval: number | undefined; refresher: 'local' | 'remote' | undefined } {
    return this.timer?.state ?? { interval: undefined, refresher: undefined };
  }

  /** Stop sending the kinds of media named (both when neither is); emits `muted` with those that changed. */
  mute(kinds: MediaKinds = {}): void {
    this.setMuted(kinds, true);
  }

  unmute(kinds: MediaKinds = {}): void {
    this.setMuted(kinds, false);
  }

  /**
   * Send digits, one after the other (legacy timing): in the media as RFC 4733 events when the UA is
   * configured for it (`dtmfType: 'rtp'`) and the media handler could, else each in an INFO with an
   * `application/dtmf-relay` body.
   */
  dtmf(plan: DtmfPlan): void {
    this.requireDialog();
    this.digits.enqueue(plan);
  }

  /**
   * A request in the dialog (RFC 3261 §12.2.1.1: route set and remote target, our CSeq plus one), e.g.
   * INFO. A 481 or 408 to it, or no answer at all, ends the session (§12.2.1.2). Emits `requestSent`.
   */
  sendRequest(method: string, options: SessionRequestOptions = {}): SipRequest {
    if (OWN_WAY.has(method.toUpperCase())) throw new TypeError(`${method} is not sent with sendRequest: use the session's own method for it`);
    const request = this.sendInDialog(method, options);
    this.emit('requestSent', request);
    return request;
  }

  /**
   * Send a REFER in the dialog (RFC 3515) with `referTo` as its Refer-To value (see `blindReferTo`,
   * `replacingReferTo`). The returned OutgoingRefer reports the answer and the NOTIFYs of the implicit
   * subscription. Throws without a dialog.
   */
  refer(referTo: string, options: ReferOptions = {}): OutgoingRefer {
    this.requireDialog();
    return this.transfers.refer(referTo, options);
  }

  /** End the established session with a BYE (RFC 3261 §15.1.1); emits `bye` then `terminated`. */
  bye(options: SessionRequestOptions = {}): SipRequest {
    const dialog = this.requireDialog();
    const request = dialog.createRequest('BYE', { extraHeaders: options.extraHeaders, body: options.body, contentType: options.contentType });
    this.hangUp(request, dialog, options.outcome);
    return request;
  }

  /** An ACK in the session's dialog: of the peer's re-INVITE, or of the initial INVITE (UAS). */
  receiveAck(ack: SipRequest): void {
    const reinvite = this.incomingReinvite;
    if (reinvite !== undefined && ack.cseq.seq === reinvite.seq) reinvite.receiveAck(ack);
    else this.receiveInitialAck(ack);
  }

  /** A request of the peer in the dialog (the core checked its CSeq and refreshed the remote target, §12.2.2). */
  receiveRequest(incoming: IncomingRequest): void {
    if (this.currentState === 'terminated') {
      this.env.core.respond(incoming, 481);
      return;
    }
    switch (incoming.request.method) {
      case 'BYE':
        this.receiveBye(incoming);
        return;
      case 'INFO':
        this.receiveInfo(incoming);
        return;
      case 'INVITE':
        this.receiveReinvite(incoming);
        return;
      case 'UPDATE':
        this.receiveUpdate(incoming);
        return;
      case 'PRACK':
        this.receivePrack(incoming);
        return;
      case 'REFER':
        this.transfers.receiveRefer(incoming);
        return;
      case 'NOTIFY':
        this.transfers.receiveNotify(incoming);
        return;
      default:
        this.env.core.respond(incoming, 405, { headers: [['Allow', 'ACK, BYE, CANCEL, INFO, INVITE, NOTIFY, REFER, UPDATE']] });
    }
  }

  /** RFC 3262 §3: a PRACK that acknowledges no reliable provisional response of ours gets 481. */
  protected receivePrack(incoming: IncomingRequest): void {
    this.env.core.respond(incoming, 481);
  }

  /** The ACK of our 2xx to the initial INVITE (UAS only). */
  protected receiveInitialAck(_ack: SipRequest): void {}

  /** Whether the initial offer/answer is still incomplete (a re-INVITE must wait, RFC 3261 §14.1/§14.2). */
  protected abstract initialExchangePending(): boolean;

  /** Make the media handler from the factory; undefined when there is none, or it failed (logged). */
  protected makeMedia(): SessionDescriptionHandler | undefined {
    const { factory, options } = this.env.media;
    if (factory === undefined) return undefined;
    try {
      const handler = factory(options);
      handler.on('dtmf', (tone, duration) => {
        if (this.currentState !== 'terminated') this.emit('dtmf', undefined, tone, duration);
      });
      handler.on('failed', (cause) => this.mediaFailed(cause));
      this.handler = handler;
      return handler;
    } catch (error) {
      logFault(this.logger, 'the media handler factory threw', error);
      return undefined;
    }
  }

  /** The dialog exists (2xx sent or received): requests of the peer in it reach this session from now on. */
  protected establish(dialog: Dialog): void {
    this.established = dialog;
    this.startTime = new Date();
    this.env.dialogs.add(dialog, this);
    const media = this.handler;
    if (media !== undefined) {
      this.renegotiatesWith = media;
      // UPDATEs of the early dialog go on in the dialog it became.
      if (this.updatesIn?.dialog !== dialog) this.startUpdates(dialog, media);
    }
  }

  /**
   * RFC 3311 §5.1 with RFC 3262 §5: the initial offer/answer completed in the early dialog `dialog` (reliable
   * 1xx and PRACK); an UPDATE with a new offer may go or come in it before the 2xx. Only the first call acts.
   */
  protected allowEarlyUpdates(dialog: Dialog): void {
    const media = this.handler;
    if (this.updatesIn !== undefined || media === undefined || this.currentState === 'terminated' || this.established !== undefined) return;
    this.startUpdates(dialog, media);
  }

  /** An UPDATE exchange of the early dialog failed it (481, 408, an answer that cannot be used): the INVITE is given up. */
  protected abstract earlyDialogFailed(response: SipResponse | undefined, cause: SessionCause): void;

  /** The peer's description in an early UPDATE exchange was applied: the 2xx of the INVITE will not change it. */
  protected earlyRemoteDescription(_description: SessionDescription): void {}

  /** Our description in an early UPDATE exchange is the session's now: a 2xx of ours repeats it. */
  protected earlyLocalDescription(_description: SessionDescription): void {}

  private startUpdates(dialog: Dialog, media: SessionDescriptionHandler): void {
    this.updateExchange?.stop();
    this.updateExchange = undefined;
    this.updatesIn = { dialog, media };
  }

  /** The UPDATE exchange, made now if UPDATEs can go in a dialog and none has yet. */
  private updates(): UpdateExchange | undefined {
    const updatesIn = this.updatesIn;
    if (this.updateExchange === undefined && updatesIn !== undefined) {
      this.updateExchange = new UpdateExchange(this.updateHost(updatesIn.dialog, updatesIn.media), this.env.random ?? Math.random);
    }
    return this.updateExchange;
  }

  /** The peer's INVITE or its 2xx says which methods it allows: UPDATE refreshes only where it is allowed. */
  protected learnPeerAllow(message: SipMessage): void {
    this.peerAllowsUpdate = allowsMethod(message, 'UPDATE');
  }

  /** The initial offer/answer completed: a hold asked for meanwhile may go now. */
  protected initialExchangeDone(): void {
    this.renegotiationState?.kick();
  }

  /** The peer's offer or answer was applied: a change of its hold state is reported (RFC 3264 §8.4). */
  protected remoteDescriptionApplied(description: SessionDescription): void {
    const holds = peerHolds(description.body);
    if (holds === this.peerHold) return;
    this.peerHold = holds;
    this.emit(holds ? 'hold' : 'unhold', 'remote');
  }

  /** The peer's description made when the session started holds the call; said without an event. */
  protected startsHeld(description: SessionDescription): void {
    this.peerHold = peerHolds(description.body);
  }

  /** Send `bye` in `dialog` (ending it), without events: a fork's dialog, or the session's on a failure. */
  protected sendBye(bye: SipRequest, dialog: Dialog, outcome: Partial<RequestOutcome> = {}): void {
    this.env.dialogs.end(dialog);
    this.send(bye, outcome, dialog);
  }

  /** Send our BYE and end the session: `bye`, then `terminated` (RFC 3261 §15.1.1). */
  protected hangUp(bye: SipRequest, dialog: Dialog, outcome?: Partial<RequestOutcome>): void {
    this.sendBye(bye, dialog, outcome);
    this.conclude(undefined, undefined, () => this.emit('bye', bye));
  }

  /** End the session after something went wrong once established: a BYE when asked, then `terminated`. */
  protected endEstablished(message: SipRequest | SipResponse | undefined, cause: SessionCause, bye: boolean, announce?: () => void): void {
    if (this.currentState === 'terminated') return;
    const dialog = this.established;
    if (bye && dialog !== undefined && dialog.state !== 'terminated') this.sendBye(dialog.createRequest('BYE'), dialog);
    this.conclude(message, cause, announce);
  }

  /**
   * The session is over: timers and queues stopped, the media closed, the dialog forgotten; then
   * `announce` (the events saying why: rejected, failed, bye …) and `terminated`. Only the first call acts.
   */
  protected conclude(message: SipRequest | SipResponse | undefined, cause: SessionCause | undefined, announce?: () => void): void {
    if (this.currentState === 'terminated') return;
    this.currentState = 'terminated';
    this.endTime = new Date();
    this.stopTimers();
    this.timer?.stop();
    this.updateExchange?.stop();
    this.renegotiationState?.stop();
    this.incomingReinvite?.stop();
    this.digitSender?.stop();
    this.transfersMade?.stop();
    if (this.established !== undefined) this.env.dialogs.end(this.established);
    try {
      this.handler?.close();
    } catch (error) {
      logFault(this.logger, 'the media handler failed to close', error);
    }
    announce?.();
    this.emit('terminated', message, cause);
    // Nothing is emitted after `terminated`, but the session may live on for the 32 s of Timer M
    // (RFC 6026 §8.4: a 2xx from another fork still gets its ACK and BYE). Its listeners and its
    // listener-error report hold the application's objects (the legacy context among them): let go.
    this.removeAllListeners();
    this.onListenerError = consoleListenerErrorHandler;
    this.referListeners = NO_REFER_LISTENERS;
  }

  /** The subclass's timers (Timer C, no-answer …). */
  protected abstract stopTimers(): void;

  /**
   * Send a request of `dialog` (the session's by default) in a transaction to the connected server;
   * a request that cannot go (no server) fails at once.
   */
  protected send(request: SipRequest, outcome: Partial<RequestOutcome>, dialog: Dialog | undefined = this.established): void {
    try {
      const complete = { onFinal: () => undefined, onFailure: () => undefined, ...outcome };
      if (dialog === undefined) this.env.sender.send(request, complete);
      else sendInDialog(this.env.sender, dialog, request, complete);
    } catch (error) {
      logFault(this.logger, `${request.method} not sent`, error);
      outcome.onFailure?.('CONNECTION_ERROR');
    }
  }

  protected get logger() {
    return this.env.logger ?? silentLogger;
  }

  protected requireDialog(): Dialog {
    const dialog = this.established;
    if (dialog === undefined || this.currentState === 'terminated') throw new Error('the session has no dialog (not established yet, or ended)');
    return dialog;
  }

  /** Media failed for good (handler `failed`): an established session ends with a BYE and the handler's cause. */
  protected mediaFailed(cause: string): void {
    if (this.currentState === 'terminated') return;
    if (this.established === undefined) {
      this.logger.warn(`media failed before the session was established: ${cause}`);
      return;
    }
    this.endEstablished(undefined, cause, true);
  }

  private requireRenegotiation(): Renegotiation {
    this.requireDialog();
    const renegotiation = this.renegotiation();
    if (renegotiation === undefined) throw new Error('the session has no media handler to renegotiate with');
    return renegotiation;
  }

  /** Our re-INVITEs, made now if the established session has media to renegotiate and none were made yet. */
  private renegotiation(): Renegotiation | undefined {
    const dialog = this.established;
    const media = this.renegotiatesWith;
    if (this.renegotiationState === undefined && dialog !== undefined && media !== undefined && this.currentState !== 'terminated') {
      this.renegotiationState = new Renegotiation(this.hostFor(dialog, media));
    }
    return this.renegotiationState;
  }

  private hostFor(dialog: Dialog, media: SessionDescriptionHandler): RenegotiationHost {
    return {
      env: this.env,
      dialog,
      media,
      localContact: this.localContact,
      ownsCallId: this.ownsCallId,
      requestHeaders: () => this.timer?.requestHeaders(true) ?? [],
      refreshed: (response) => this.timer?.answered(response),
      offerAnswerBusy: () => this.offerAnswerBusy(),
      answered: (answer) => this.remoteDescriptionApplied(answer),
      reverted: (hold) => this.emit(hold ? 'hold' : 'unhold', 'local'),
      ended: (response, cause, bye) => this.endEstablished(response, cause, bye),
    };
  }

  private offerAnswerBusy(): boolean {
    const reinvite = this.incomingReinvite;
    return this.initialExchangePending() || (reinvite !== undefined && (reinvite.answering || reinvite.awaitingAnswer)) || this.updateExchange?.busy === true;
  }

  private updateHost(dialog: Dialog, media: SessionDescriptionHandler): UpdateHost {
    return {
      env: this.env,
      dialog,
      media,
      localContact: this.localContact,
      offerState: () => this.offerState(),
      localHold: () => this.renegotiationState?.localHold ?? false,
      // RFC 4028 §6: session timers start with the 2xx of the INVITE; an early UPDATE neither starts nor asks for one.
      timerVerdict: (request) => (this.established === undefined ? undefined : this.timer?.verdict(request)),
      timerHeaders: () => (this.established === undefined ? [] : (this.timer?.requestHeaders(true) ?? [])),
      timerAnswered: (response) => {
        if (this.established !== undefined) this.timer?.answered(response);
      },
      described: (description) => {
        if (this.established === undefined) this.earlyLocalDescription(description);
      },
      applied: (description) => {
        if (this.established === undefined) this.earlyRemoteDescription(description);
        this.remoteDescriptionApplied(description);
      },
      settled: () => this.renegotiationState?.kick(),
      ended: (response, cause, bye) => (this.established === undefined ? this.earlyDialogFailed(response, cause) : this.endEstablished(response, cause, bye)),
    };
  }

  /** RFC 3311 §5.2: the INVITE and re-INVITE offers still waiting for an answer, ours or the peer's. */
  private offerState(): OfferState {
    const reinvite = this.incomingReinvite;
    if (this.renegotiationState?.pending === true || reinvite?.awaitingAnswer === true) return 'ours-pending';
    if (reinvite?.answering === true) return 'theirs-pending';
    if (this.initialExchangePending()) return this.initialOfferOurs() ? 'ours-pending' : 'theirs-pending';
    return 'idle';
  }

  /** While the initial exchange is incomplete: whether the offer waiting for its answer is ours. */
  protected abstract initialOfferOurs(): boolean;

  /** RFC 4028 §10: our turn to refresh — an UPDATE without a body where the peer allows it (default), else a re-INVITE. */
  private refreshSession(): void {
    if (this.currentState === 'terminated' || this.established === undefined) return;
    const byUpdate = this.env.sessionTimers?.refreshMethod !== 'INVITE' && this.peerAllowsUpdate !== false && this.updatesIn !== undefined;
    if (!byUpdate) {
      this.renegotiation()?.refresh();
      return;
    }
    this.sendRefreshUpdate(false);
  }

  /** RFC 4028 §7.3: a 422 to the refresh gets one more try with the larger interval it names. */
  private sendRefreshUpdate(retried: boolean): void {
    this.updates()!.send({ offer: false }).then(
      (response) => {
        if (response.status === 422 && !retried && this.timer?.tooSmall(response) === true) this.sendRefreshUpdate(true);
      },
      () => undefined,
    );
  }

  /** RFC 4028 §10: no refresh within the interval; the session ends with a BYE (cause REQUEST_TIMEOUT). */
  private sessionExpired(): void {
    const dialog = this.established;
    if (this.currentState === 'terminated' || dialog === undefined) return;
    const bye = dialog.createRequest('BYE', { extraHeaders: ['Reason: SIP;cause=408;text="Session Timer Expired"'] });
    this.sendBye(bye, dialog);
    this.conclude(undefined, 'REQUEST_TIMEOUT', () => this.emit('bye', bye));
  }

  /**
   * RFC 3311: the peer's UPDATE; in an early dialog only a refresh can be taken until the initial
   * offer/answer completed in it (reliable 1xx and PRACK, §5.1), then an offer too.
   */
  private receiveUpdate(incoming: IncomingRequest): void {
    const early = this.established === undefined;
    if (this.updatesIn === undefined || (early && incoming.dialog?.key !== this.updatesIn.dialog.key)) {
      answerEarlyUpdate(this.env.core, incoming, this.localContact, this.initialOfferOurs(), this.env.random ?? Math.random);
      return;
    }
    this.updates()!.receive(incoming);
  }

  private setMuted(kinds: MediaKinds, mute: boolean): void {
    const both = kinds.audio === undefined && kinds.video === undefined;
    const changed: MediaKindFlags = {
      audio: (both || kinds.audio === true) && this.mutedKinds.audio !== mute,
      video: (both || kinds.video === true) && this.mutedKinds.video !== mute,
    };
    if (!changed.audio && !changed.video) return;
    const handler = this.handler;
    if (handler !== undefined) {
      const asked = { audio: changed.audio, video: changed.video };
      if (mute) handler.mute(asked);
      else handler.unmute(asked);
    }
    if (changed.audio) this.mutedKinds.audio = mute;
    if (changed.video) this.mutedKinds.video = mute;
    this.emit(mute ? 'muted' : 'unmuted', changed);
  }

  private sendDigit(tone: string, plan: DtmfPlan): void {
    if (this.currentState === 'terminated') return;
    const timing = { duration: plan.duration, interToneGap: plan.interToneGap };
    if (this.env.dtmfType === 'rtp' && this.handler?.sendDtmf(tone, timing) === true) return;
    this.sendInDialog('INFO', { extraHeaders: plan.extraHeaders, body: dtmfRelayBody(tone, plan.duration), contentType: DTMF_RELAY_CONTENT_TYPE });
  }

  private sendInDialog(method: string, options: SessionRequestOptions): SipRequest {
    const dialog = this.requireDialog();
    const request = dialog.createRequest(method, { extraHeaders: options.extraHeaders, body: options.body, contentType: options.contentType });
    this.sendOwn(request, options.outcome ?? {});
    return request;
  }

  /** Send a request built in the session's dialog; a 481 or 408 to it, or no answer, ends the session (RFC 3261 §12.2.1.2). */
  private sendOwn(request: SipRequest, outcome: Partial<RequestOutcome>): void {
    this.send(request, {
      onProvisional: (response) => outcome.onProvisional?.(response),
      onFinal: (response) => {
        outcome.onFinal?.(response);
        // RFC 3261 §12.2.1.2: the peer no longer has the dialog (481), or did not answer in time (408).
        if (response.status === 481) this.endEstablished(response, 'DIALOG_ERROR', false);
        else if (response.status === 408) this.endEstablished(response, 'REQUEST_TIMEOUT', true);
      },
      onFailure: (cause) => {
        outcome.onFailure?.(cause);
        this.endEstablished(undefined, cause, true);
      },
    });
  }

  /** RFC 3261 §15.1.2: the peer ends the session; 200, then `bye` and `terminated`. */
  private receiveBye(incoming: IncomingRequest): void {
    this.env.core.respond(incoming, 200);
    this.conclude(incoming.request, undefined, () => this.emit('bye', incoming.request));
  }

  /** An INFO (RFC 6086): a digit in an `application/dtmf-relay` body emits `dtmf`, anything else `info`; answered 200. */
  private receiveInfo(incoming: IncomingRequest): void {
    const { request } = incoming;
    let digit;
    try {
      const type = request.contentType;
      if (type !== undefined && `${type.type}/${type.subtype}`.toLowerCase() === DTMF_RELAY_CONTENT_TYPE) digit = readDtmfRelay(request.bodyText);
    } catch {
      // A Content-Type that does not parse carries no digit.
    }
    this.env.core.respond(incoming, 200);
    if (digit !== undefined) this.emit('dtmf', request, digit.tone, digit.duration);
    else this.emit('info', request);
  }

  /**
   * The peer's re-INVITE (RFC 3261 §14.2): 491 while ours is pending (glare) or an offer/answer is
   * incomplete, 500 with Retry-After while its previous re-INVITE is still being answered; else
   * answered (ReinviteServer), holding our side when we hold the call.
   */
  private receiveReinvite(incoming: IncomingRequest): void {
    const { core } = this.env;
    const dialog = this.established;
    const media = this.handler;
    const renegotiation = this.renegotiation();
    if (this.incomingReinvite?.answering === true || this.updateExchange?.answeringOffer === true) {
      core.respond(incoming, 500, { headers: [['Retry-After', String(pendingInviteRetryAfter(this.env.random ?? Math.random))]] });
      return;
    }
    if (dialog === undefined || media === undefined || renegotiation === undefined || renegotiation.pending || this.offerAnswerBusy()) {
      core.respond(incoming, 491);
      return;
    }
    const verdict: SessionTimerVerdict | undefined = this.timer?.verdict(incoming.request);
    if (verdict?.reject === true) {
      core.respond(incoming, 422, { headers: verdict.headers });
      return;
    }
    const server = new ReinviteServer(this.hostFor(dialog, media), incoming, renegotiation.localHold, {
      answered: (_response, offer) => {
        verdict?.start();
        if (offer !== undefined) this.remoteDescriptionApplied(offer);
      },
      refused: () => this.reinviteDone(server),
      completed: (_ack, answer) => {
        if (answer !== undefined) this.remoteDescriptionApplied(answer);
        this.reinviteDone(server);
      },
      ended: (message, cause, bye) => this.endEstablished(message, cause, bye),
    }, verdict?.headers);
    this.incomingReinvite = server;
    server.start();
  }

  private reinviteDone(server: ReinviteServer): void {
    if (this.incomingReinvite === server) this.incomingReinvite = undefined;
    this.renegotiationState?.kick();
  }
}
