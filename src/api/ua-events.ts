import type { ListenAddress, Transport, TransportError } from '../transport/index.js';
import type { Cause } from './constants/index.js';
import type { InviteClientContext, InviteServerContext, MessageServerContext } from './contexts/index.js';
import type { LegacyRequest, LegacyResponse } from './legacy-message/index.js';

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
  registered: (response: LegacyResponse) => void;
  unregistered: (response: LegacyResponse | undefined, cause: Cause | undefined) => void;
  registrationFailed: (response: LegacyResponse | undefined, cause: Cause) => void;
  invite: (context: InviteServerContext) => void;
  /** `ua.invite()` was called: the new session, before any answer (legacy). */
  inviteSent: (context: InviteClientContext) => void;
  message: (context: MessageServerContext) => void;
  /** A NOTIFY outside any dialog (answered 200), with `allowLegacyNotifications` and a listener; else it gets 481 (legacy). */
  notify: (data: { request: LegacyRequest }) => void;
  /** No CRLF pong within 10 s of a keep-alive ping (RFC 5626 §4.4.1); the connection is re-established. */
  keepAliveTimeout: () => void;
  /** sipforge/node: the `listen` socket is bound (before `connected`); `address.port` is the bound port. */
  listening: (address: ListenAddress) => void;
}
