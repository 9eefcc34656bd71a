import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { IncomingRefer } from './refer/incoming-refer.js';
import type { SessionCause } from './session-cause.js';

/** Who changed the call: this UA, or the peer. */
export type Originator = 'local' | 'remote';

/** Which kinds of media a mute or unmute concerned. */
export interface MediaKindFlags {
  audio: boolean;
  video: boolean;
}

/**
 * Events of an INVITE session, UAC or UAS. Before it is established it ends with `failed` (after
 * `rejected` when a final response of 300 or more says why); once established with a BYE sent or
 * received (`bye`), or with the cause of whatever else ended it. `terminated` comes once, last,
 * whatever ended the session.
 */
export interface InviteSessionEvents {
  /** A 1xx received (UAC) or sent (UAS). */
  progress: (response: SipResponse) => void;
  /** The 2xx: received and its answer applied (UAC), or sent (UAS). */
  accepted: (response: SipResponse) => void;
  /** UAS: the ACK for our 2xx arrived. */
  confirmed: (ack: SipRequest) => void;
  /** A final response of 300 or more ended the attempt; `failed` follows. No cause: it follows from the status. */
  rejected: (response: SipResponse, cause: SessionCause | undefined) => void;
  /** The session was never established (or its 2xx could not be used). */
  failed: (message: SipResponse | undefined, cause: SessionCause | undefined) => void;
  /** UAC: `cancel()` was called (no request); UAS: the caller's CANCEL arrived. */
  cancel: (request: SipRequest | undefined) => void;
  /** A BYE was sent or received. */
  bye: (request: SipRequest) => void;
  /** The session is over; exactly once. */
  terminated: (message: SipRequest | SipResponse | undefined, cause: SessionCause | undefined) => void;
  hold: (originator: Originator) => void;
  unhold: (originator: Originator) => void;
  muted: (kinds: MediaKindFlags) => void;
  unmuted: (kinds: MediaKindFlags) => void;
  /** A digit received: by INFO (with its request) or in the media (RFC 4733, no request). */
  dtmf: (request: SipRequest | undefined, tone: string, duration: number) => void;
  /** An INFO received that carries no digit. */
  info: (request: SipRequest) => void;
  /** The peer's REFER (RFC 3515), answered 202 and its `100 Trying` NOTIFY sent; the application follows it or not. */
  refer: (refer: IncomingRefer) => void;
  /** An in-dialog request went out through `sendRequest` (legacy emits it under its lower-cased method). */
  requestSent: (request: SipRequest) => void;
}
