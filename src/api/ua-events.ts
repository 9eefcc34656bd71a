import type { SipResponse } from '../syntax/index.js';
import type { Transport, TransportError } from '../transport/index.js';
import type { Cause } from './constants/index.js';
import type { InviteServerContext, MessageServerContext } from './contexts/index.js';

/** The legacy `SIP.UA` events and their arguments. */
export interface UAEvents {
  /** A connection attempt starts. */
  connecting: (data: { transport: Transport; attempts: number }) => void;
  connected: (data: { transport: Transport }) => void;
  /**
   * A connection attempt failed or the connection was lost (`error` says why, naming the server;
   * reconnection follows), or `stop()` closed it (no `error`).
   */
  disconnected: (data: { transport: Transport; error?: TransportError }) => void;
  registered: (response: SipResponse) => void;
  unregistered: (response: SipResponse | undefined, cause: Cause | undefined) => void;
  registrationFailed: (response: SipResponse | undefined, cause: Cause) => void;
  invite: (context: InviteServerContext) => void;
  message: (context: MessageServerContext) => void;
  /** No CRLF pong within 10 s of a keep-alive ping (RFC 5626 §4.4.1); the connection is re-established. */
  keepAliveTimeout: () => void;
}
