import type { IncomingRequest } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import { descriptionOf } from '../sdp/description-of.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription } from '../session-description-handler.js';
import { descriptionFailure, type InDialogHost } from './in-dialog-host.js';

/** How the peer's re-INVITE went. */
export interface ReinviteServerOutcome {
  /** Our 2xx went out: with our answer to `offer`, or with our offer when the re-INVITE had none. */
  answered(response: SipResponse, offer: SessionDescription | undefined): void;
  /** We refused it (488 for an offer we cannot use, 500 when the media failed); the session is unchanged (§14.2). */
  refused(): void;
  /** The ACK came, with the answer to our offer (applied) when our 2xx carried one. The offer/answer is complete. */
  completed(ack: SipRequest, answer: SessionDescription | undefined): void;
  /** The dialog is over: no ACK (NO_ACK), or an ACK without a usable answer; `bye` when a BYE must end it. */
  ended(message: SipRequest | undefined, cause: SessionCause, bye: boolean): void;
}

/**
 * One re-INVITE of the peer (RFC 3261 §14.2). An offer in it is applied and answered in our 2xx
 * (holding our side when we hold the call, RFC 3264 §8.4); without one, our 2xx carries an offer
 * and the ACK must carry the answer (§13.2.1, RFC 6337 §3.3). Our 2xx is retransmitted by the core
 * until the ACK comes (§13.3.1.4). An offer we cannot use gets 488 and changes nothing.
 */
export class ReinviteServer {
  /** The CSeq of the re-INVITE: its ACK carries the same number (§13.2.2.4). */
  readonly seq: number;
  private finalSent = false;
  private offered = false;
  private acked = false;
  private done = false;
  private stopped = false;

  constructor(
    private readonly host: InDialogHost,
    private readonly incoming: IncomingRequest,
    private readonly hold: boolean,
    private readonly outcome: ReinviteServerOutcome,
    /** Header lines our 2xx carries besides our Contact (session timers, RFC 4028 §9). */
    private readonly answerHeaders: readonly [string, string][] = [],
  ) {
    this.seq = incoming.request.cseq.seq;
  }

  /** No final response sent yet: a second re-INVITE now gets 500 with Retry-After (§14.2). */
  get answering(): boolean {
    return !this.finalSent;
  }

  /** Our 2xx carried an offer whose answer (in the ACK) has not come yet. */
  get awaitingAnswer(): boolean {
    return this.offered && !this.done;
  }

  start(): void {
    const { media } = this.host;
    const offer = descriptionOf(this.incoming.request, media);
    const answered = offer === undefined ? Promise.resolve() : media.setDescription(offer);
    answered
      .then(
        () => media.getDescription({ hold: this.hold }),
        (error: unknown) => {
          throw new RefusedOffer(descriptionFailure(error));
        },
      )
      .then(
        (description) => this.accept(description, offer),
        (error: unknown) => this.refuse(error instanceof RefusedOffer && error.cause === 'INCOMPATIBLE_SDP' ? 488 : 500),
      );
  }

  /** The ACK of our 2xx (the core stopped retransmitting it). */
  receiveAck(ack: SipRequest): void {
    if (this.stopped || this.acked || this.done || !this.finalSent) return;
    this.acked = true;
    if (!this.offered) {
      this.done = true;
      this.outcome.completed(ack, undefined);
      return;
    }
    const answer = descriptionOf(ack, this.host.media);
    if (answer === undefined) {
      this.done = true;
      this.outcome.ended(ack, 'BAD_MEDIA_DESCRIPTION', true);
      return;
    }
    this.host.media.setDescription(answer).then(
      () => this.complete(() => this.outcome.completed(ack, answer)),
      (error: unknown) => this.complete(() => this.outcome.ended(ack, descriptionFailure(error), true)),
    );
  }

  /** The session ended: nothing more is reported. */
  stop(): void {
    this.stopped = true;
  }

  private accept(description: SessionDescription, offer: SessionDescription | undefined): void {
    if (this.stopped) return;
    this.finalSent = true;
    this.offered = offer === undefined;
    const response = this.host.env.core.respond(this.incoming, 200, {
      headers: [['Contact', this.host.localContact], ...this.answerHeaders],
      body: description.body,
      contentType: description.contentType,
      onNoAck: () => this.complete(() => this.outcome.ended(undefined, 'NO_ACK', true)),
    });
    this.outcome.answered(response, offer);
  }

  private refuse(status: 488 | 500): void {
    if (this.stopped) return;
    this.finalSent = true;
    this.done = true;
    this.host.media.rollbackDescription?.();
    this.host.env.core.respond(this.incoming, status);
    this.outcome.refused();
  }

  private complete(report: () => void): void {
    if (this.done) return;
    this.done = true;
    if (!this.stopped) report();
  }
}

/** The peer's offer could not be applied: 488 for an incompatible one (RFC 3261 §14.2), else 500. */
class RefusedOffer extends Error {
  constructor(override readonly cause: 'INCOMPATIBLE_SDP' | 'WEBRTC_ERROR') {
    super(cause);
  }
}
