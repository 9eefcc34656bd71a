import type { Cause } from '../constants/index.js';
import type { LegacyRequest, LegacyResponse } from '../legacy-message/index.js';

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

/** Events of an `InviteClientContext`: those of any client context, plus `bye` when it ends the call. */
export interface InviteClientContextEvents extends ClientContextEvents {
  /** A BYE was sent (by `bye()`, or for a 2xx that arrived after `cancel()`) or received from the callee (legacy). */
  bye: (request: LegacyRequest) => void;
}

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

/** Events of an `InviteServerContext`: those of any server context, plus `cancel` when the caller gives up. */
export interface InviteServerContextEvents extends ServerContextEvents {
  /** The caller sent CANCEL (RFC 3261 §9.2); the core has answered 200 to it and 487 to the INVITE. */
  cancel: (request: LegacyRequest) => void;
  /** The ACK for our 2xx arrived (legacy): the call is confirmed. */
  confirmed: (request: LegacyRequest) => void;
  /** A BYE was sent by `bye()` or received from the caller (legacy). */
  bye: (request: LegacyRequest) => void;
}
