import { logFault, silentLogger, type IncomingRequest, type RespondOptions } from '../../core/index.js';
import type { RAckHeader, SipRequest, SipResponse } from '../../syntax/index.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { descriptionFailure } from '../reinvite/in-dialog-host.js';
import { descriptionOf } from '../sdp/description-of.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription, SessionDescriptionHandler } from '../session-description-handler.js';
import type { SessionEnvironment } from '../session-environment.js';
import { REL100_TAG } from './rel100.js';
import { initialRSeq } from './rseq.js';

/** What the UAS session lends the sender of its reliable provisional responses. */
export interface ReliableProvisionalHost {
  readonly env: SessionEnvironment;
  /** The INVITE being answered. */
  readonly invite: SipRequest;
  /** The session's media handler (made by `prepare()`). */
  media(): SessionDescriptionHandler | undefined;
  /** Whether the INVITE has no final response yet (a 1xx may go). */
  ringing(): boolean;
  /** Send a 1xx to the INVITE (the session adds its Contact, §12.1.1); undefined when it could not go. */
  respond(status: number, options: RespondOptions): SipResponse | undefined;
  /** Hand the same 1xx to the INVITE server transaction again; false once it has a final response. */
  retransmit(response: SipResponse): boolean;
  /** A reliable 1xx went (the first time): the session emits `progress`. */
  sent(response: SipResponse): void;
  /** The peer's answer to our offer (in a PRACK) was applied. */
  answered(answer: SessionDescription): void;
  /** A PRACK was answered and the early offer/answer is complete (`exchanged`): RFC 3311 §5.1 allows an UPDATE offer now. */
  settled(): void;
  /** The INVITE cannot go on: no PRACK came within 64·T1 (504, NO_PRACK), or the offer/answer in it failed. */
  failed(status: number, cause: SessionCause): void;
}

/** The reliable 1xx the peer has not acknowledged yet (RFC 3262 §3: at most one at a time). */
interface Unacknowledged {
  response: SipResponse;
  rseq: number;
  /** It carried a session description: no 2xx may go before its PRACK. */
  withDescription: boolean;
  /** It carried our offer (the INVITE had none): its PRACK brings the answer (RFC 3262 §5). */
  offer: boolean;
}

/** Something that must wait for the PRACKs it depends on. */
interface Step {
  ready: () => boolean;
  run: () => Promise<void> | void;
}

/**
 * The UAS side of RFC 3262: each reliable provisional response gets `Require: 100rel` and an RSeq
 * (random in 1 … 2³¹−1 for the first, one more for each next, §3), is handed to the transaction again
 * at T1, 2·T1, 4·T1 … until its PRACK comes, and after 64·T1 without one the INVITE is refused (504,
 * NO_PRACK). A second reliable 1xx waits for the PRACK of the first; a 2xx waits for the PRACK of a
 * reliable 1xx that carried a session description (§3). The first reliable 1xx carries our answer to
 * the INVITE's offer, or our offer (the PRACK then carries the answer, §5): that offer/answer is
 * final, and the 2xx repeats the same description. A PRACK that acknowledges nothing pending gets 481
 * (§3); an offer in a PRACK is answered in its 200 (§5).
 */
export class ReliableProvisionalSender {
  /** The description we sent last in this early exchange (repeated in the 2xx); undefined while there is none. */
  description: SessionDescription | undefined;
  private nextRSeq: number;
  private pending: Unacknowledged | undefined;
  private readonly retransmitTimer: OneShotTimer;
  private readonly giveUpTimer: OneShotTimer;
  private readonly steps: Step[] = [];
  private running = false;
  private stopped = false;
  /** Our offer went in a reliable 1xx and its answer (in the PRACK) has not been applied yet. */
  private offerOpen = false;

  constructor(private readonly host: ReliableProvisionalHost) {
    const { env } = host;
    this.nextRSeq = initialRSeq(env.random ?? Math.random);
    this.retransmitTimer = new OneShotTimer(env.core.transactions.clock);
    this.giveUpTimer = new OneShotTimer(env.core.transactions.clock);
  }

  /** Whether the early offer/answer is complete (the 2xx carries no new offer nor answer then). */
  get exchanged(): boolean {
    return this.description !== undefined && !this.offerOpen;
  }

  /**
   * Send a reliable `status` once the previous one was acknowledged (RFC 3262 §3). The first to go
   * carries the media handler's description unless `respond` has a body.
   */
  progress(status: number, respond: RespondOptions): void {
    this.enqueue({ ready: () => this.pending === undefined, run: () => this.sendProvisional(status, respond) });
  }

  /** Run `final` (the 2xx) once no reliable 1xx with a session description waits for its PRACK (RFC 3262 §3). */
  beforeFinal(final: () => Promise<void> | void): void {
    this.enqueue({ ready: () => this.pending?.withDescription !== true, run: final });
  }

  /**
   * A PRACK in the early dialog: 481 unless its RAck names the reliable 1xx pending — RSeq, and the
   * INVITE's CSeq number and method (RFC 3262 §3, §7.2). A match stops the retransmissions; an answer
   * in it completes our offer, an offer in it is answered in the 200 (§5).
   */
  receivePrack(incoming: IncomingRequest): void {
    const { core } = this.host.env;
    const pending = this.pending;
    const rack = rackOf(incoming.request);
    const cseq = this.host.invite.cseq;
    if (pending === undefined || rack === undefined || rack.rseq !== pending.rseq || rack.seq !== cseq.seq || rack.method !== cseq.method) {
      core.respond(incoming, 481);
      return;
    }
    this.pending = undefined;
    this.retransmitTimer.clear();
    this.giveUpTimer.clear();
    const media = this.host.media();
    const body = media === undefined ? undefined : descriptionOf(incoming.request, media);
    if (media === undefined || (body === undefined && !pending.offer)) {
      core.respond(incoming, 200);
      if (this.exchanged) this.host.settled();
      this.pump();
      return;
    }
    // The PRACK's offer/answer runs before anything queued (a 2xx must not cross it).
    this.steps.unshift({ ready: () => true, run: () => this.prackExchange(incoming, media, body, pending.offer) });
    this.pump();
  }

  /** The INVITE is over: no more retransmissions, nothing queued runs. */
  stop(): void {
    this.stopped = true;
    this.steps.length = 0;
    this.retransmitTimer.clear();
    this.giveUpTimer.clear();
  }

  private enqueue(step: Step): void {
    this.steps.push(step);
    this.pump();
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    const step = this.steps[0];
    if (step === undefined || !step.ready()) return;
    this.steps.shift();
    this.running = true;
    void Promise.resolve()
      .then(step.run)
      .catch((error: unknown) => logFault(this.logger, 'a reliable provisional step failed', error))
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }

  private async sendProvisional(status: number, respond: RespondOptions): Promise<void> {
    if (!this.host.ringing()) return;
    let description: SessionDescription | undefined;
    const media = this.host.media();
    // RFC 3261 §13.2.1: without an offer in the INVITE, our first description is the offer.
    const offered = descriptionOf(this.host.invite, media) !== undefined;
    if (respond.body === undefined && this.description === undefined && media !== undefined) {
      try {
        description = await media.getDescription();
      } catch (error) {
        logFault(this.logger, `no description for the reliable ${status}`, error);
        if (this.host.ringing()) this.host.failed(offered && descriptionFailure(error) === 'INCOMPATIBLE_SDP' ? 488 : 500, descriptionFailure(error));
        return;
      }
      if (!this.host.ringing()) return;
    }
    const rseq = this.nextRSeq;
    const headers: Array<[string, string]> = [...(respond.headers ?? []), ['Require', REL100_TAG], ['RSeq', String(rseq)]];
    const options: RespondOptions = description === undefined ? { ...respond, headers } : { ...respond, headers, body: description.body, contentType: description.contentType };
    const response = this.host.respond(status, options);
    if (response === undefined) return;
    this.nextRSeq = rseq + 1;
    if (description !== undefined) this.description = description;
    this.pending = { response, rseq, withDescription: response.body.length > 0, offer: description !== undefined && !offered };
    if (this.pending.offer) this.offerOpen = true;
    this.retransmit(response, this.host.env.core.transactions.timers.T1);
    // RFC 3262 §3: no PRACK within 64·T1, the request SHOULD be refused with a 5xx.
    this.giveUpTimer.start(this.host.env.core.transactions.timers.timerB, () => this.giveUp());
    this.host.sent(response);
  }

  /** RFC 3262 §3: the interval starts at T1 and doubles for each retransmission (no T2 cap). */
  private retransmit(response: SipResponse, interval: number): void {
    this.retransmitTimer.start(interval, () => {
      if (this.pending?.response !== response || !this.host.retransmit(response)) return;
      this.retransmit(response, interval * 2);
    });
  }

  private giveUp(): void {
    if (this.pending === undefined) return;
    this.pending = undefined;
    this.retransmitTimer.clear();
    this.steps.length = 0;
    this.logger.warn(`no PRACK for the reliable provisional response to INVITE ${this.host.invite.callId} within 64*T1`);
    if (this.host.ringing()) this.host.failed(504, 'NO_PRACK');
  }

  /** RFC 3262 §5: the answer to our offer of the 1xx, or a new offer (answered in the 200 to the PRACK). */
  private async prackExchange(incoming: IncomingRequest, media: SessionDescriptionHandler, body: SessionDescription | undefined, answers: boolean): Promise<void> {
    const { core } = this.host.env;
    if (answers) {
      if (body === undefined) {
        // RFC 3262 §5: the PRACK of a 1xx with an offer MUST carry the answer; without one the session has no media.
        core.respond(incoming, 200);
        this.host.failed(488, 'BAD_MEDIA_DESCRIPTION');
        return;
      }
      try {
        await media.setDescription(body);
      } catch (error) {
        core.respond(incoming, 200);
        this.host.failed(488, descriptionFailure(error));
        return;
      }
      this.offerOpen = false;
      core.respond(incoming, 200);
      this.host.answered(body);
      this.host.settled();
      return;
    }
    let answer: SessionDescription;
    try {
      await media.setDescription(body!);
      answer = await media.getDescription();
    } catch (error) {
      media.rollbackDescription?.();
      logFault(this.logger, 'the offer of a PRACK was refused', error);
      core.respond(incoming, 488);
      return;
    }
    this.description = answer;
    core.respond(incoming, 200, { body: answer.body, contentType: answer.contentType });
    this.host.answered(body!);
    if (this.exchanged) this.host.settled();
  }

  private get logger() {
    return this.host.env.logger ?? silentLogger;
  }
}

function rackOf(request: SipRequest): RAckHeader | undefined {
  try {
    return request.header('RAck');
  } catch {
    // A RAck that does not parse names no response: 481 like any other mismatch.
    return undefined;
  }
}
