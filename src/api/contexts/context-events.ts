import type { MediaKindFlags, Originator, SipfragStatus } from '../../session/index.js';
import type { Cause } from '../constants/index.js';
import type { LegacyRequest, LegacyResponse } from '../legacy-message/index.js';
import type { ReferServerContext } from './refer-server-context.js';
import type { SessionContext } from './session-context.js';

// Messages are handed out as their legacy views (`status_code`, `call_id`, `body` as text, … and the
// typed message as `.message`), which legacy listeners read as they did with SIP.js 0.7.

/**
 * Events of a context sending a request (legacy `ClientContext`). `rejected` is always followed by `failed`;
 * `failed` alone (response undefined) means no final response came: REQUEST_TIMEOUT or CONNECTION_ERROR, and
 * for an INVITE NO_ANSWER (Timer C). An INVITE's `failed` alone with a 2xx and DIALOG_ERROR: that 2xx could
 * not make a dialog (unusable Contact or Record-Route), so it was acknowledged and the call ended with BYE.
 */
export interface ClientContextEvents {
  /** A 1xx, with its reason phrase (legacy arguments). */
  progress: (response: LegacyResponse, reasonPhrase: string) => void;
  /** A 2xx, with its reason phrase. */
  accepted: (response: LegacyResponse, reasonPhrase: string) => void;
  /** A final response of 300 or more, with the cause its status maps to (SIP.C.causes). */
  rejected: (response: LegacyResponse, cause: Cause) => void;
  failed: (response: LegacyResponse | undefined, cause: Cause) => void;
  /** `cancel()` was called. */
  cancel: () => void;
}

/** A digit received (legacy `SIP.DTMF` as the `dtmf` event hands it out). */
export interface ReceivedDtmf {
  tone: string;
  /** Milliseconds (0 when the INFO said none). */
  duration: number;
  direction: 'incoming';
}

/** Events of both sides of a call once it runs (legacy `SIP.Session`). */
export interface SessionEvents {
  /** A BYE was sent (by `bye()`, or for a 2xx that arrived after `cancel()`) or received from the peer (legacy). */
  bye: (request: LegacyRequest) => void;
  /**
   * The session is over, whatever ended it; exactly once, last. The message that ended it (a final
   * response, the peer's BYE, an ACK) when there is one, and the cause unless a BYE ended it normally.
   */
  terminated: (message: LegacyRequest | LegacyResponse | undefined, cause: Cause | undefined) => void;
  /** Hold by us (`hold()`, or put back after a failed `unhold()`) or by the peer (its re-INVITE or answer). */
  hold: (data: { originator: Originator }) => void;
  unhold: (data: { originator: Originator }) => void;
  muted: (data: MediaKindFlags) => void;
  unmuted: (data: MediaKindFlags) => void;
  /** A digit received: by INFO (its request) or in the media (RFC 4733, null). */
  dtmf: (request: LegacyRequest | null, dtmf: ReceivedDtmf) => void;
  /** An INFO received that carries no digit, or sent by `sendRequest('INFO')` (legacy). */
  info: (request: LegacyRequest) => void;
  /** Other requests sent by `sendRequest`, under their lower-cased method (legacy). */
  message: (request: LegacyRequest) => void;
  /** A NOTIFY sent by `sendRequest`, or one of a REFER's subscription received, with the status of its sipfrag (RFC 3515 §2.4.5). */
  notify: (request: LegacyRequest, status?: SipfragStatus) => void;
  options: (request: LegacyRequest) => void;
  /**
   * The peer's REFER (RFC 3515), answered 202 and its `100 Trying` NOTIFY sent, with its context (`followRefer()`);
   * without a listener the REFER gets 603 (legacy). Also a REFER sent by `sendRequest` (no context).
   */
  refer: (request: LegacyRequest, refer?: ReferServerContext) => void;
  update: (request: LegacyRequest) => void;
  /** `refer()`: the peer answered the REFER 2xx (it will try the target), or 300 or more. */
  referRequestAccepted: (response: LegacyResponse) => void;
  referRequestRejected: (response: LegacyResponse) => void;
  /** `refer()`: the status of the peer's call to the target, from the NOTIFYs: provisional, 2xx, 300 or more. */
  referProgress: (status: SipfragStatus) => void;
  referAccepted: (status: SipfragStatus) => void;
  referRejected: (status: SipfragStatus) => void;
  /** An INVITE with Replaces (RFC 3891) was accepted: the new call takes this one's place, which ends (BYE, or CANCEL while ringing). */
  replaced: (newSession: SessionContext<SessionEvents>) => void;
}

/** Events of an `InviteClientContext`: those of any client context, and of a session. */
export interface InviteClientContextEvents extends ClientContextEvents, SessionEvents {}

/** Events of a context answering a request (legacy `ServerContext`), for the answers the application sends. */
export interface ServerContextEvents {
  progress: (response: LegacyResponse, reasonPhrase: string) => void;
  accepted: (response: LegacyResponse, reasonPhrase: string) => void;
  rejected: (response: LegacyResponse, cause: Cause) => void;
  /**
   * After `rejected`; alone (response undefined) when the exchange ended without a final answer of ours, or
   * with the 408 the UA sent itself when nobody answered an INVITE in time (NO_ANSWER, `noAnswerTimeout`).
   */
  failed: (response: LegacyResponse | undefined, cause: Cause) => void;
}

/** Events of an `InviteServerContext`: those of any server context and of a session, `cancel` when the caller gives up, `confirmed`. */
export interface InviteServerContextEvents extends ServerContextEvents, SessionEvents {
  /** The caller sent CANCEL (RFC 3261 §9.2); the core has answered 200 to it and 487 to the INVITE. */
  cancel: (request: LegacyRequest) => void;
  /** The ACK for our 2xx arrived (legacy): the call is confirmed. */
  confirmed: (request: LegacyRequest) => void;
}
