import type { CoreLogger, DialogOptions, RequestSender, UserAgentCore } from '../core/index.js';
import type { Peer } from '../transport/index.js';
import type { SipRequest } from '../syntax/index.js';
import type { DialogRouter } from './dialog-router.js';
import type { Rel100 } from './prack/rel100.js';
import type { RandomSource } from './reinvite/glare-delay.js';
import type { SessionTimerSettings } from './timers/session-timer-settings.js';
import type { SessionDescriptionHandlerFactory, SessionDescriptionHandlerOptions } from './session-description-handler.js';

/** How DTMF digits are sent: SIP INFO (`application/dtmf-relay`), or RFC 4733 in the media when negotiated. */
export type DtmfType = 'info' | 'rtp';

/** The media side of a session: who makes its handler, and what the handler is told. */
export interface SessionMedia {
  /** Undefined when this platform has no media handler (the call fails with WEBRTC_NOT_SUPPORTED). */
  factory: SessionDescriptionHandlerFactory | undefined;
  options: SessionDescriptionHandlerOptions;
}

/** What a session needs from its UA. */
export interface SessionEnvironment {
  core: UserAgentCore;
  /** Sends requests to the connected server, answering digest challenges: the INVITE, BYE, INFO, re-INVITE. */
  sender: RequestSender;
  /** Where ACK and CANCEL go (they are not sent through the sender): the connected server, or the request's own next hop. */
  destination: (request: SipRequest) => Peer;
  /** How the dialog builds its requests: transport descriptor, User-Agent, ids. */
  dialog: Omit<DialogOptions, 'localContact'>;
  /** Where the dialog is kept, so that the requests of the peer in it come back to the session. */
  dialogs: DialogRouter;
  media: SessionMedia;
  /** Default 'info'. */
  dtmfType?: DtmfType | undefined;
  /** Session timers (RFC 4028); none when absent. */
  sessionTimers?: SessionTimerSettings | undefined;
  /** Reliable provisional responses (RFC 3262, legacy `rel100`); default 'none'. */
  rel100?: Rel100 | undefined;
  /** Source of the random waits of RFC 3261 §14 (glare, Retry-After); Math.random unless a test injects one. */
  random?: RandomSource | undefined;
  logger?: CoreLogger | undefined;
}
