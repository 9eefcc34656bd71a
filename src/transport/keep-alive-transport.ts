import type { Peer, Transport, TransportEvents } from './transport.js';

/** Transport events plus the RFC 5626 §4.4.1 pong (a lone CRLF) a keep-alive waits for. */
export interface KeepAliveTransportEvents extends TransportEvents {
  pong: (from: Peer) => void;
}

/**
 * A connection-oriented transport (TCP, TLS, WebSocket) that can send the RFC 5626 §4.4.1
 * CRLF keep-alive ping and reports the pongs it receives. Pings from the peer are answered
 * by the transport itself.
 */
export interface KeepAliveTransport extends Transport {
  /** Send a ping (CRLF CRLF) on the connection to `to`, or on the transport's server connection. */
  sendKeepAlive(to?: Peer): Promise<void>;
  on<E extends keyof KeepAliveTransportEvents>(event: E, listener: KeepAliveTransportEvents[E]): void;
  off<E extends keyof KeepAliveTransportEvents>(event: E, listener: KeepAliveTransportEvents[E]): void;
}

export function supportsKeepAlive(transport: Transport): transport is KeepAliveTransport {
  return typeof (transport as Partial<KeepAliveTransport>).sendKeepAlive === 'function';
}

/** RFC 5626 §4.4.1: CRLF CRLF is a ping, a single CRLF the pong that answers it. */
export const KEEP_ALIVE_PING = '\r\n\r\n';
export const KEEP_ALIVE_PONG = '\r\n';
