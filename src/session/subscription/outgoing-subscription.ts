import { Dialog, logFault, silentLogger, type IncomingRequest, type RequestOutcome, type SentRequest } from '../../core/index.js';
import { SipParseError, type SipRequest, type SipResponse, type URI } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import type { DialogUser } from '../dialog-router.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { sendInDialog } from '../send-in-dialog.js';
import { notifiedStateOf, type NotifiedState } from './notified-state.js';
import { resubscribeDelayMs, subscriptionExpiryDelayMs, subscriptionRefreshDelayMs } from './refresh-timing.js';
import type { SubscriptionCause } from './subscription-cause.js';
import type { SubscriptionEnvironment } from './subscription-environment.js';
import type { OutgoingSubscriptionEvents } from './subscription-events.js';
import type { SubscriptionState } from './subscription-state.js';
import { afterTermination } from './termination-reason.js';

/** RFC 6665 (it updates RFC 3261 §12.2 on this): SUBSCRIBE and NOTIFY, and their 2xx, refresh the remote target. */
export const SUBSCRIPTION_TARGET_REFRESH_METHODS: readonly string[] = ['SUBSCRIBE', 'NOTIFY'];

// Re-subscriptions the notifier's `terminated` NOTIFYs may cause in a row without one `active` or
// `pending` NOTIFY between them: a notifier that ends every new subscription at once must not
// keep the UA subscribing forever.
const MAX_RESUBSCRIPTIONS = 3;

/** What the subscriber asks for. */
export interface SubscriptionRequest {
  target: URI;
  /** The Event header value: the package, with an `id` parameter when several subscriptions share a dialog. */
  event: string;
  /** Seconds asked for (RFC 6665 §4.1.2.1); a 423's Min-Expires raises it. */
  expires: number;
  /** Media types of the NOTIFY bodies accepted (RFC 6665 §4.1.2.1 Accept); none sent when empty. */
  accept: readonly string[];
  extraHeaders: readonly string[];
  body?: string | undefined;
  contentType?: string | undefined;
}

/**
 * The subscriber's side of a subscription (RFC 6665 §4.1): the SUBSCRIBE, its dialog — made by the 2xx
 * or by a NOTIFY that comes first (§4.1.2.4) —, the NOTIFYs (answered 200 and reported; Timer N, 64·T1,
 * ends a subscription whose 2xx no NOTIFY follows), the refresh before the granted lifetime runs out
 * (§4.1.2.2, at `subscriptionRefreshDelayMs`), the 423 retry with Min-Expires, the reasons of
 * `Subscription-State: terminated` (§4.1.3: subscribe again or stop), and the end by `unsubscribe()`:
 * a SUBSCRIBE with `Expires: 0` and the final NOTIFY it brings (§4.1.2.3).
 *
 * Forks (§4.1.2.4): the first dialog wins, whether a 2xx or a NOTIFY makes it; the NOTIFYs of other
 * forks get 481, which ends those subscriptions at their notifiers (§4.1.3), and the 2xx of another
 * fork is only reported.
 */
export class OutgoingSubscription extends Emitter<OutgoingSubscriptionEvents> implements DialogUser {
  private readonly env: SubscriptionEnvironment;
  private readonly wanted: SubscriptionRequest;
  private currentState: SubscriptionState = 'init';
  private expires: number;
  private initial: SipRequest | undefined;
  private initialSent: SentRequest | undefined;
  private established: Dialog | undefined;
  private refreshing: SentRequest | undefined;
  private unsubscribing = false;
  private unsubscribeSent = false;
  private accepted = false;
  private resubscriptions = 0;
  private readonly timerN: OneShotTimer;
  private readonly refreshTimer: OneShotTimer;
  private readonly expiryTimer: OneShotTimer;
  private readonly retryTimer: OneShotTimer;

  constructor(env: SubscriptionEnvironment, wanted: SubscriptionRequest) {
    super();
    this.env = env;
    this.wanted = wanted;
    this.expires = wanted.expires;
    const { clock } = env.core.transactions;
    this.timerN = new OneShotTimer(clock);
    this.refreshTimer = new OneShotTimer(clock);
    this.expiryTimer = new OneShotTimer(clock);
    this.retryTimer = new OneShotTimer(clock);
    // Built now, so that a bad target, event or header line throws before anything is sent.
    this.initial = this.buildInitial();
  }

  get state(): SubscriptionState {
    return this.currentState;
  }

  get event(): string {
    return this.wanted.event;
  }

  /** The initial SUBSCRIBE as last sent (or built): its authenticated or 423 retry once there is one. */
  get request(): SipRequest {
    return this.initialSent?.request ?? this.initial!;
  }

  /** The subscription's dialog, once a 2xx or a NOTIFY made it. */
  get dialog(): Dialog | undefined {
    return this.established;
  }

  /** Seconds asked for in the next SUBSCRIBE. */
  get requestedExpires(): number {
    return this.expires;
  }

  /**
   * Send the SUBSCRIBE (RFC 6665 §4.1.2.1). Refreshes instead when the subscription is up; nothing
   * while it waits for its first NOTIFY; a new subscription (new dialog) once it has ended.
   */
  subscribe(): void {
    switch (this.currentState) {
      case 'active':
      case 'pending':
        this.refresh();
        return;
      case 'notify_wait':
        return;
      case 'terminated':
        this.initial = this.buildInitial();
        this.accepted = false;
        this.unsubscribing = false;
        this.unsubscribeSent = false;
        this.resubscriptions = 0;
        this.sendInitial(this.initial);
        return;
      case 'init':
        if (this.retryTimer.running) return;
        this.sendInitial(this.initial ?? this.buildInitial());
    }
  }

  /** Refresh the subscription in its dialog (RFC 6665 §4.1.2.2); nothing unless it is pending or active. */
  refresh(): void {
    const dialog = this.established;
    if (dialog === undefined || this.unsubscribing || this.refreshing !== undefined) return;
    if (this.currentState !== 'active' && this.currentState !== 'pending') return;
    this.sendRefresh(dialog, false);
  }

  /**
   * End the subscription (RFC 6665 §4.1.2.3): a SUBSCRIBE with `Expires: 0` in its dialog, then the
   * final NOTIFY (or Timer N) ends it. Before its dialog exists the SUBSCRIBE waits for it; while only
   * a re-subscription is pending it ends at once.
   */
  unsubscribe(): void {
    if (this.currentState === 'terminated' || this.unsubscribing) return;
    this.unsubscribing = true;
    this.refreshTimer.clear();
    this.expiryTimer.clear();
    if (this.currentState === 'init') {
      this.conclude(undefined, undefined);
      return;
    }
    const dialog = this.established;
    if (dialog !== undefined) this.sendUnsubscribe(dialog);
  }

  /** Legacy `close()`: the same as `unsubscribe()`. */
  close(): void {
    this.unsubscribe();
  }

  /** End it here and now, without a word to the notifier (the UA is going away): timers stopped, dialog forgotten. */
  dispose(): void {
    this.conclude(undefined, undefined);
  }

  /**
   * The dialog a NOTIFY that precedes the 2xx makes (RFC 6665 §4.1.2.4), added to the UA's dialogs; undefined
   * (the NOTIFY gets 481) when it is not for this subscription's event or the subscription has its dialog.
   */
  dialogFromNotify(notify: SipRequest): Dialog | undefined {
    const initial = this.initialSent?.request;
    if (initial === undefined || this.established !== undefined || this.currentState === 'terminated' || !this.isOurEvent(notify)) return undefined;
    let dialog: Dialog;
    try {
      dialog = Dialog.fromNotify(initial, notify, this.dialogOptions());
    } catch (error) {
      logFault(this.logger, 'a NOTIFY before the 2xx made no dialog', error);
      return undefined;
    }
    this.establish(dialog);
    return dialog;
  }

  /** A request of the notifier in the dialog (the core checked its CSeq and took its Contact, RFC 3261 §12.2.2). */
  receiveRequest(incoming: IncomingRequest): void {
    const { core } = this.env;
    if (incoming.request.method !== 'NOTIFY') {
      core.respond(incoming, 405, { headers: [['Allow', 'NOTIFY']] });
      return;
    }
    if (this.currentState === 'terminated') {
      core.respond(incoming, 481);
      return;
    }
    let notified: NotifiedState;
    let ours: boolean;
    try {
      ours = this.isOurEvent(incoming.request, true);
      notified = notifiedStateOf(incoming.request);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      core.respond(incoming, 400, { reason: `Bad Request (${error.header ?? error.rule})` });
      return;
    }
    // RFC 6665 §4.1.3: a NOTIFY of another event package is for no subscription of ours.
    if (!ours) {
      core.respond(incoming, 481);
      return;
    }
    core.respond(incoming, 200);
    this.receiveNotify(incoming.request, notified);
  }

  private receiveNotify(notify: SipRequest, notified: NotifiedState): void {
    this.timerN.clear();
    this.emit('notify', notify, notified);
    if (this.currentState === 'terminated') return;
    if (notified.state === 'terminated') {
      this.terminatedByNotifier(notify, notified);
      return;
    }
    if (this.unsubscribing) {
      // unsubscribe() came before this NOTIFY made the dialog: the SUBSCRIBE with Expires: 0 goes now.
      if (this.established !== undefined) this.sendUnsubscribe(this.established);
      return;
    }
    if (notified.state === 'active' || notified.state === 'pending') this.currentState = notified.state;
    else this.logger.warn(`NOTIFY with an unknown Subscription-State '${notified.state}': state left ${this.currentState}`);
    if (this.currentState === 'notify_wait') this.currentState = 'pending';
    this.resubscriptions = 0;
    // RFC 6665 §4.1.3: the notifier may shorten the subscription; its `expires` is the time left.
    if (notified.expires !== undefined) this.grant(Math.min(notified.expires, this.expires));
  }

  /** RFC 6665 §4.1.3: the notifier ended the subscription; its reason says whether to subscribe again. */
  private terminatedByNotifier(notify: SipRequest, notified: NotifiedState): void {
    const next = afterTermination(notified.reason, notified.retryAfter);
    if (this.unsubscribing || !next.resubscribe || this.resubscriptions >= MAX_RESUBSCRIPTIONS) {
      this.conclude(notify, this.unsubscribing ? undefined : 'REJECTED');
      return;
    }
    this.resubscriptions += 1;
    this.forgetDialog();
    this.stopTimers();
    this.currentState = 'init';
    this.initial = this.buildInitial();
    this.logger.debug(`subscription terminated (${notified.reason}): subscribing again in ${next.delaySeconds} s`);
    if (next.delaySeconds === 0) this.sendInitial(this.initial);
    else this.retryTimer.start(resubscribeDelayMs(next.delaySeconds), () => this.sendInitial(this.initial!));
  }

  private sendInitial(request: SipRequest): void {
    this.currentState = 'notify_wait';
    this.initial = request;
    this.initialSent = undefined;
    this.env.subscriptions.add(this);
    const sent = this.send(request, {
      onFinal: (response) => this.receiveInitialFinal(request, response),
      onFailure: (cause) => {
        // A NOTIFY made the dialog already: the subscription stands on it (RFC 6665 §4.1.2.4).
        if (this.initial !== request || this.established !== undefined) return;
        this.conclude(undefined, cause, () => this.emit('failed', undefined, cause));
      },
    });
    if (sent === undefined) return;
    this.initialSent = sent;
    this.env.subscriptions.awaitDialog(this, sent.request);
  }

  private receiveInitialFinal(request: SipRequest, response: SipResponse): void {
    if (this.currentState === 'terminated' || this.initial !== request) return;
    const sent = this.initialSent!.request;
    if (response.status < 300) {
      this.receiveInitial2xx(sent, response);
      return;
    }
    const minExpires = response.header('Min-Expires')?.value;
    if (response.status === 423 && minExpires !== undefined && minExpires > this.expires && this.established === undefined) {
      // RFC 6665 §4.1.2.1 with RFC 3261 §10.2.8: ask again for at least Min-Expires, in the same Call-ID.
      this.env.subscriptions.stopAwaiting(this);
      this.expires = minExpires;
      this.sendInitial(this.buildInitial({ callId: sent.callId, fromTag: sent.from.tag, cseq: sent.cseq.seq + 1 }));
      return;
    }
    // A NOTIFY made the dialog already: the subscription stands on it (RFC 6665 §4.1.2.4).
    if (this.established !== undefined) return;
    this.conclude(response, undefined, () => {
      this.emit('rejected', response);
      this.emit('failed', response, undefined);
    });
  }

  private receiveInitial2xx(request: SipRequest, response: SipResponse): void {
    if (this.established === undefined) {
      let dialog: Dialog | undefined;
      try {
        dialog = Dialog.fromUac(request, response, this.dialogOptions());
      } catch (error) {
        logFault(this.logger, 'a 2xx that cannot answer our SUBSCRIBE was dropped', error);
        return;
      }
      if (dialog.defect !== undefined) {
        // RFC 3261 §12.1.2: no usable Contact or Record-Route, no dialog to refresh or end the subscription in.
        this.logger.warn(`2xx to SUBSCRIBE unusable: ${dialog.defect}`);
        this.conclude(response, 'DIALOG_ERROR', () => this.emit('failed', response, 'DIALOG_ERROR'));
        return;
      }
      this.establish(dialog);
    } else if (!this.established.matchesResponse(response)) {
      // RFC 6665 §4.1.2.4: a 2xx of another fork than the one whose NOTIFY made the dialog changes nothing.
      return;
    }
    if (!this.accepted) {
      this.accepted = true;
      this.emit('accepted', response);
    }
    if (this.currentState === 'terminated') return;
    if (this.unsubscribing) {
      this.sendUnsubscribe(this.established!);
      return;
    }
    this.grantFrom(response);
    // RFC 6665 §4.1.2.4 (Timer N): a 2xx that no NOTIFY follows within 64·T1 leaves no subscription.
    if (this.currentState === 'notify_wait') {
      this.timerN.start(this.timerNMs, () => this.conclude(undefined, 'REQUEST_TIMEOUT', () => this.emit('failed', undefined, 'REQUEST_TIMEOUT')));
    }
  }

  private sendRefresh(dialog: Dialog, retriedAfter423: boolean): void {
    const request = dialog.createRequest('SUBSCRIBE', this.requestOptions(this.expires));
    const sent = this.send(request, {
      onFinal: (response) => {
        this.refreshing = undefined;
        this.receiveRefreshFinal(dialog, response, retriedAfter423);
      },
      // RFC 6665 §4.1.2.2: a refresh that fails leaves the subscription until its known expiry.
      onFailure: () => {
        this.refreshing = undefined;
      },
    }, dialog);
    this.refreshing = sent;
  }

  private receiveRefreshFinal(dialog: Dialog, response: SipResponse, retriedAfter423: boolean): void {
    if (this.currentState === 'terminated' || this.established !== dialog || this.unsubscribing) return;
    if (response.status < 300) {
      dialog.updateFromResponse(response);
      this.grantFrom(response);
      return;
    }
    const minExpires = response.header('Min-Expires')?.value;
    if (response.status === 423 && !retriedAfter423 && minExpires !== undefined && minExpires > this.expires) {
      this.expires = minExpires;
      this.sendRefresh(dialog, true);
      return;
    }
    // RFC 6665 §4.1.2.2: 481 says the notifier has no such subscription; any other failure leaves it until it expires.
    if (response.status === 481) this.conclude(response, 'DIALOG_ERROR');
    else this.logger.warn(`SUBSCRIBE refresh answered ${response.status}: the subscription stands until it expires`);
  }

  private sendUnsubscribe(dialog: Dialog): void {
    if (this.unsubscribeSent) return;
    this.unsubscribeSent = true;
    const request = dialog.createRequest('SUBSCRIBE', this.requestOptions(0));
    this.send(request, {
      onFinal: (response) => {
        // A final response other than 2xx: no NOTIFY will come (481: the notifier had ended it already).
        if (response.status >= 300) this.conclude(response, undefined);
      },
      onFailure: () => this.conclude(undefined, undefined),
    }, dialog);
    // RFC 6665 §4.1.2.3: the notifier confirms with a NOTIFY `terminated`; Timer N bounds the wait.
    this.timerN.start(this.timerNMs, () => this.conclude(undefined, undefined));
  }

  /** The 2xx's Expires (RFC 6665 §4.2.1.1: the notifier may shorten, never lengthen); the asked one when absent. */
  private grantFrom(response: SipResponse): void {
    const granted = response.header('Expires')?.value;
    if (granted === undefined) this.logger.warn('2xx to SUBSCRIBE without Expires (RFC 6665 §4.2.1.1): the asked lifetime is assumed');
    this.grant(Math.min(granted ?? this.expires, this.expires));
  }

  /** The subscription has `expires` seconds left: refresh before, end at the expiry (RFC 6665 §4.1.2.2). */
  private grant(expires: number): void {
    if (expires <= 0) {
      // Granted nothing (a fetch): the final NOTIFY ends it, or Timer N.
      this.refreshTimer.clear();
      this.expiryTimer.clear();
      return;
    }
    this.refreshTimer.start(subscriptionRefreshDelayMs(expires), () => this.refresh());
    this.expiryTimer.start(subscriptionExpiryDelayMs(expires), () => this.conclude(undefined, 'EXPIRES'));
  }

  private establish(dialog: Dialog): void {
    this.established = dialog;
    this.env.subscriptions.stopAwaiting(this);
    this.env.dialogs.add(dialog, this);
  }

  private forgetDialog(): void {
    this.env.subscriptions.stopAwaiting(this);
    if (this.established !== undefined) this.env.dialogs.end(this.established);
    this.established = undefined;
    this.refreshing = undefined;
  }

  private stopTimers(): void {
    this.timerN.clear();
    this.refreshTimer.clear();
    this.expiryTimer.clear();
    this.retryTimer.clear();
  }

  /** The end, once per subscribe(): timers stopped, dialog forgotten (its NOTIFYs get 481), `announce`, then `terminated`. */
  private conclude(message: SipRequest | SipResponse | undefined, cause: SubscriptionCause | undefined, announce?: () => void): void {
    if (this.currentState === 'terminated') return;
    this.currentState = 'terminated';
    this.stopTimers();
    this.forgetDialog();
    this.initialSent?.stop();
    this.env.subscriptions.remove(this);
    announce?.();
    this.emit('terminated', message, cause);
  }

  /** Whether a NOTIFY is for this subscription's event: the same package, and the same `id` (RFC 6665 §8.2.1). */
  private isOurEvent(notify: SipRequest, strict = false): boolean {
    let header;
    try {
      header = notify.header('Event');
    } catch (error) {
      if (strict) throw error;
      return false;
    }
    if (header === undefined) {
      if (strict) throw new SipParseError('a NOTIFY must carry Event (RFC 6665 §8.2.1)', { offset: 0, rule: 'Event', header: 'Event' });
      return false;
    }
    const [wantedPackage, ...wantedParams] = this.wanted.event.split(';');
    const wantedId = wantedParams.map((p) => p.trim().split('=')).find(([name]) => name?.toLowerCase() === 'id')?.[1];
    return header.value.toLowerCase() === wantedPackage!.trim().toLowerCase() && header.id === wantedId;
  }

  private buildInitial(ids: { callId?: string | undefined; fromTag?: string | undefined; cseq?: number | undefined } = {}): SipRequest {
    const options = this.requestOptions(this.expires);
    return this.env.sender.create({
      method: 'SUBSCRIBE',
      to: this.wanted.target,
      extraHeaders: options.extraHeaders,
      body: options.body,
      contentType: options.contentType,
      ...ids,
    });
  }

  /** RFC 6665 §4.1.2.1: Event and Expires in every SUBSCRIBE, Accept when known; then the application's lines. */
  private requestOptions(expires: number): { extraHeaders: string[]; body: string | undefined; contentType: string | undefined } {
    const { wanted } = this;
    const lines = [`Event: ${wanted.event}`, `Expires: ${expires}`];
    if (wanted.accept.length > 0) lines.push(`Accept: ${wanted.accept.join(', ')}`);
    return { extraHeaders: [...lines, ...wanted.extraHeaders], body: wanted.body, contentType: wanted.contentType };
  }

  private dialogOptions() {
    return { ...this.env.dialog, targetRefreshMethods: SUBSCRIPTION_TARGET_REFRESH_METHODS };
  }

  /** Send `request` (in `dialog`, whose CSeq then follows an authenticated retry); one that cannot go fails at once. */
  private send(request: SipRequest, outcome: Pick<RequestOutcome, 'onFinal' | 'onFailure'>, dialog?: Dialog): SentRequest | undefined {
    try {
      return dialog === undefined ? this.env.sender.send(request, outcome) : sendInDialog(this.env.sender, dialog, request, outcome);
    } catch (error) {
      logFault(this.logger, `${request.method} not sent`, error);
      outcome.onFailure('CONNECTION_ERROR');
      return undefined;
    }
  }

  private get timerNMs(): number {
    return 64 * this.env.core.transactions.timers.T1;
  }

  private get logger() {
    return this.env.logger ?? silentLogger;
  }
}
