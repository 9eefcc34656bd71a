import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { InDialogHost } from '../reinvite/in-dialog-host.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription } from '../session-description-handler.js';
import type { SessionTimerVerdict } from '../timers/session-timer.js';

/** Where an offer/answer of the session stands, besides UPDATE's own (RFC 3311 §5.1, §5.2). */
export type OfferState =
  /** No offer pending either way. */
  | 'idle'
  /** We made an offer (re-INVITE, a 2xx to an offerless re-INVITE) still waiting for its answer. */
  | 'ours-pending'
  /** The peer made an offer (INVITE, re-INVITE) we have not answered yet. */
  | 'theirs-pending';

/** What UPDATE in both directions needs from its session. */
export interface UpdateHost extends InDialogHost {
  /** The other offer/answer exchanges of the session (INVITE, re-INVITE). */
  offerState(): OfferState;
  /** Whether we hold the call: our answer holds our side too (RFC 3264 §8.4). */
  localHold(): boolean;
  /** Session timers' view of the peer's UPDATE (RFC 4028 §9); undefined without session timers. */
  timerVerdict(request: SipRequest): SessionTimerVerdict | undefined;
  /** Session timer headers for our UPDATE (RFC 4028 §7.4); none without session timers. */
  timerHeaders(): string[];
  /** The 2xx to our UPDATE, for session timers (RFC 4028 §7.2). */
  timerAnswered(response: SipResponse): void;
  /** The peer's description (its offer, or the answer to ours) was applied. */
  applied(description: SessionDescription): void;
  /** Our description in an UPDATE exchange became the session's (the answer we sent, or our offer once answered). */
  described(description: SessionDescription): void;
  /** An UPDATE exchange ended: a re-INVITE that waited for it may go now. */
  settled(): void;
  /** The dialog is over (481, 408, no answer, an answer that cannot be used); `bye` when a BYE must end it. */
  ended(response: SipResponse | undefined, cause: SessionCause, bye: boolean): void;
}
