import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { Cause } from '../constants/index.js';

/**
 * Events of a context sending a request (legacy `ClientContext`). `rejected` is always followed by `failed`;
 * `failed` alone (response undefined) means no final response came: REQUEST_TIMEOUT or CONNECTION_ERROR, and
 * for an INVITE NO_ANSWER (Timer C). An INVITE's `failed` alone with a 2xx and DIALOG_ERROR: that 2xx could
 * not make a dialog (unusable Contact or Record-Route), so it was acknowledged and the call ended with BYE.
 */
export interface ClientContextEvents {
  /** A 1xx, with its reason phrase (legacy arguments). */
  progress: (response: SipResponse, reasonPhrase: string) => void;
  /** A 2xx, with its reason phrase. */
  accepted: (response: SipResponse, reasonPhrase: string) => void;
  /** A final response of 300 or more, with the cause its status maps to (SIP.C.causes). */
  rejected: (response: SipResponse, cause: Cause) => void;
  failed: (response: SipResponse | undefined, cause: Cause) => void;
  /** `cancel()` was called. */
  cancel: () => void;
}

/** Events of an `InviteClientContext`: those of any client context, plus `bye` when it ends the call. */
export interface InviteClientContextEvents extends ClientContextEvents {
  /** A BYE was sent (by `bye()`, or for a 2xx that arrived after `cancel()`) or received from the callee (legacy). */
  bye: (request: SipRequest) => void;
}

/** Events of a context answering a request (legacy `ServerContext`), for the answers the application sends. */
export interface ServerContextEvents {
  progress: (response: SipResponse, reasonPhrase: string) => void;
  accepted: (response: SipResponse, reasonPhrase: string) => void;
  rejected: (response: SipResponse, cause: Cause) => void;
  /**
   * After `rejected`; alone (response undefined) when the exchange ended without a final answer of ours, or
   * with the 408 the UA sent itself when nobody answered an INVITE in time (NO_ANSWER, `noAnswerTimeout`).
   */
  failed: (response: SipResponse | undefined, cause: Cause) => void;
}

/** Events of an `InviteServerContext`: those of any server context, plus `cancel` when the caller gives up. */
export interface InviteServerContextEvents extends ServerContextEvents {
  /** The caller sent CANCEL (RFC 3261 §9.2); the core has answered 200 to it and 487 to the INVITE. */
  cancel: (request: SipRequest) => void;
  /** The ACK for our 2xx arrived (legacy): the call is confirmed. */
  confirmed: (request: SipRequest) => void;
  /** A BYE was sent by `bye()` or received from the caller (legacy). */
  bye: (request: SipRequest) => void;
}
