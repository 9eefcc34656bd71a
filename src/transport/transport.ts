import type { SipRequest, SipResponse } from '../syntax/index.js';
import { hidePasswords } from './hide-passwords.js';

/** Via transport tokens (RFC 3261 §18, RFC 7118 §5). */
export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

/**
 * A remote end: where a message came from, or where one goes. For connection-oriented
 * transports `connectionId` names the connection a message arrived on, so a response can go
 * back over it (RFC 3261 §18.2.2).
 */
export interface Peer {
  protocol: TransportProtocol;
  host: string;
  port: number;
  connectionId?: string;
}

/** How a peer is named in transport errors: `UDP 192.0.2.1:5060`. */
export function describePeer(peer: Peer): string {
  return `${peer.protocol} ${peer.host}:${peer.port}`;
}

/** The message of anything thrown (an Error, a string, whatever a socket library rejects with). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A transport failure, naming the server or peer concerned: the message is `<reason> (<peer>)`.
 * A password written into a server URL is never part of it (shown as NOT SHOWN).
 */
export class TransportError extends Error {
  /** The server or peer, as configured (`wss://edge.example.com`) or as an address (`192.0.2.1:5060`). */
  readonly peer: string;
  /** What went wrong, without the peer. */
  readonly reason: string;

  constructor(message: string, peer: string, options?: { cause?: unknown }) {
    const reason = hidePasswords(message);
    const shownPeer = hidePasswords(peer);
    super(`${reason} (${shownPeer})`, options);
    this.name = 'TransportError';
    this.peer = shownPeer;
    this.reason = reason;
  }

  /** `error` itself when it is a TransportError, else one naming `peer` (with `prefix` before its message). */
  static from(error: unknown, peer: string, prefix = ''): TransportError {
    if (error instanceof TransportError) return error;
    return new TransportError(`${prefix}${errorText(error)}`, peer, { cause: error });
  }
}

export interface TransportEvents {
  /** A parsed message, and where it came from. */
  message: (message: SipRequest | SipResponse, from: Peer) => void;
  /** Bytes that could not be parsed as SIP (logged by the user of the transport; a UAS may answer 400). */
  malformed: (error: Error, data: Uint8Array, from: Peer) => void;
  connected: () => void;
  disconnected: (error?: TransportError) => void;
  error: (error: TransportError) => void;
}

/**
 * One SIP transport (RFC 3261 §18). Implementations: WebSocket client (RFC 7118), UDP, TCP,
 * TLS (Node). Reliability decides whether transactions retransmit (RFC 3261 §17.1.1.2).
 */
export interface Transport {
  readonly protocol: TransportProtocol;
  /** Stream and WebSocket transports are reliable; UDP is not. */
  readonly reliable: boolean;
  /** The Via sent-by this transport implies: host (for WS clients a random `<id>.invalid`) and port. */
  readonly viaHost: string;
  readonly viaPort: number | undefined;
  /**
   * The local IP address this transport reaches the server from (the interface facing it), where
   * the platform tells it (Node sockets); undefined in browsers and before connecting. Media that
   * must name its own address (RTP in Node) offers this one.
   */
  readonly localAddress?: string | undefined;
  readonly connected: boolean;
  /** Open the socket, listener or connection; resolves when it can send. */
  connect(): Promise<void>;
  /** Send one message; rejects with a TransportError when it cannot be sent. */
  send(message: SipRequest | SipResponse, to: Peer): Promise<void>;
  /** Close everything; no event fires after the promise resolves. */
  close(): Promise<void>;
  /**
   * Connection-oriented transports that close idle connections: keep the connection `peer`
   * names open while a transaction or flow uses it (RFC 3261 §18, RFC 5626 §4.4), until the
   * returned function is called. Absent where nothing is closed for being idle.
   */
  retain?(peer: Peer): () => void;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void;
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void;
}
