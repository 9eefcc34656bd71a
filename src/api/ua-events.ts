import type { Transport } from '../transport/index.js';
import type { Cause } from './constants/index.js';
import type { InviteClientContext, InviteServerContext, MessageServerContext } from './contexts/index.js';
import type { LegacyResponse } from './legacy-message/index.js';

/** The legacy `SIP.UA` events and their arguments. */
export interface UAEvents {
  /** A connection attempt starts. */
  connecting: (data: { transport: Transport; attempts: number }) => void;
  connected: (data: { transport: Transport }) => void;
  /** A server failed or the connection was lost (reconnection follows unless the UA stopped). */
  disconnected: (data: { transport: Transport }) => void;
  registered: (response: LegacyResponse) => void;
  unregistered: (response: LegacyResponse | undefined, cause: Cause | undefined) => void;
  registrationFailed: (response: LegacyResponse | undefined, cause: Cause) => void;
  invite: (context: InviteServerContext) => void;
  /** `ua.invite()` was called: the new session, before any answer (legacy). */
  inviteSent: (context: InviteClientContext) => void;
  message: (context: MessageServerContext) => void;
  /** No CRLF pong within 10 s of a keep-alive ping (RFC 5626 §4.4.1); the connection is re-established. */
  keepAliveTimeout: () => void;
}
