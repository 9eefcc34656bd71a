import type { SipResponse } from '../../syntax/index.js';
import { OneShotTimer } from '../one-shot-timer.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription } from '../session-description-handler.js';
import { glareRetryDelay } from './glare-delay.js';
import type { InDialogHost } from './in-dialog-host.js';
import { ReinviteClient } from './reinvite-client.js';

/** What the renegotiation needs from its session besides the dialog and the media. */
export interface RenegotiationHost extends InDialogHost {
  /** RFC 3261 §14.1: whether this UA chose the dialog's Call-ID (it sent the initial INVITE). */
  readonly ownsCallId: boolean;
  /** Another offer/answer is under way (the peer's re-INVITE, or our 2xx waiting for the answer in its ACK). */
  offerAnswerBusy(): boolean;
  /** Our re-INVITE was answered; the peer's answer is applied. */
  answered(answer: SessionDescription): void;
  /** Our re-INVITE failed: the local hold state went back to `hold`. */
  reverted(hold: boolean): void;
  /** The dialog is over (481, 408, no answer, an answer that cannot be used). */
  ended(response: SipResponse | undefined, cause: SessionCause, bye: boolean): void;
}

/**
 * Our side of hold and unhold (RFC 3264 §8.4, RFC 3261 §14.1): the hold state the application asked
 * for, and the one the peer last agreed to. A re-INVITE brings them together, one at a time: while
 * another offer/answer is pending the request waits, a request that is undone before it could go
 * sends nothing, a 491 (glare) retries after the §14.1 wait, and any other failure puts the asked-for
 * state back to the agreed one.
 */
export class Renegotiation {
  private wanted = false;
  private agreed = false;
  private inFlight: { client: ReinviteClient; hold: boolean } | undefined;
  private readonly retry: OneShotTimer;
  private stopped = false;
  private refreshWanted = false;

  constructor(private readonly host: RenegotiationHost) {
    this.retry = new OneShotTimer(host.env.core.transactions.clock);
  }

  /** The hold state asked for (legacy `isOnHold().local`). */
  get localHold(): boolean {
    return this.wanted;
  }

  /** Our re-INVITE is out (or being prepared) and not yet answered: a re-INVITE of the peer now is glare (491, §14.2). */
  get pending(): boolean {
    return this.inFlight !== undefined;
  }

  /** Ask for `hold`; false when it is already what was asked. */
  request(hold: boolean): boolean {
    if (this.stopped || hold === this.wanted) return false;
    this.wanted = hold;
    this.kick();
    return true;
  }

  /** A session refresh by re-INVITE (RFC 4028 §10): an offer with the hold state unchanged, queued like any other. */
  refresh(): void {
    this.refreshWanted = true;
    this.kick();
  }

  /** Try again now: the other offer/answer that made us wait has completed. */
  kick(): void {
    if (this.stopped || this.inFlight !== undefined || this.retry.running || this.host.offerAnswerBusy()) return;
    if (this.wanted === this.agreed && !this.refreshWanted) return;
    const hold = this.wanted;
    const client = new ReinviteClient(this.host, hold, {
      accepted: (_response, answer) => {
        this.inFlight = undefined;
        this.refreshWanted = false;
        this.agreed = hold;
        this.host.answered(answer);
        this.kick();
      },
      glare: () => {
        this.inFlight = undefined;
        this.retry.start(glareRetryDelay(this.host.ownsCallId, this.host.env.random ?? Math.random), () => this.kick());
      },
      rejected: () => {
        this.inFlight = undefined;
        this.refreshWanted = false;
        // RFC 3261 §14.1: a failed re-INVITE changes nothing; a change asked for since then still goes.
        if (this.wanted === hold) {
          this.wanted = this.agreed;
          this.host.reverted(this.agreed);
        }
        this.kick();
      },
      ended: (response, cause, bye) => {
        this.inFlight = undefined;
        this.host.ended(response, cause, bye);
      },
    });
    this.inFlight = { client, hold };
    client.start();
  }

  /** The session ended: no retry, nothing more reported. */
  stop(): void {
    this.stopped = true;
    this.retry.clear();
    this.inFlight?.client.stop();
    this.inFlight = undefined;
  }
}
