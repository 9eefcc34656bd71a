/** What a WebSocket message event carries: a string for a text frame, bytes for a binary one. */
export interface WebSocketMessageEventLike {
  data: unknown;
}

export interface WebSocketCloseEventLike {
  code: number;
  reason: string;
}

/**
 * The part of the WHATWG WebSocket API the SIP WebSocket transport uses. The browser's
 * `WebSocket` and the Node `ws` package both have this shape, so the transport itself
 * imports neither.
 */
export interface WebSocketLike {
  /** The subprotocol the server selected (RFC 6455 §4.1), '' when none. */
  readonly protocol: string;
  /** Not WHATWG: the local IP address of the connection once open, where the factory knows it (Node). */
  readonly localAddress?: string | undefined;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: WebSocketMessageEventLike) => void) | null;
  onclose: ((event: WebSocketCloseEventLike) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** What the transport asks of a socket it opens; a factory applies what its implementation can. */
export interface WebSocketOpenOptions {
  /** The largest message to accept, in octets (RFC 6455 §7.4.1: a larger one closes the socket with 1009). */
  maxMessageBytes?: number;
}

/** Opens a WebSocket to `url` offering `protocols`. */
export type WebSocketFactory = (url: string, protocols: string[], options?: WebSocketOpenOptions) => WebSocketLike;

/** The platform `WebSocket` (browsers, Node ≥ 22), or undefined where there is none. */
export function platformWebSocketFactory(): WebSocketFactory | undefined {
  const Platform = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => unknown }).WebSocket;
  if (Platform === undefined) return undefined;
  // The DOM types' handlers take a full MessageEvent/CloseEvent; WebSocketLike only reads the fields above.
  // A browser WebSocket has no message size limit to set: the transport checks each message's size.
  return (url, protocols) => new Platform(url, protocols) as WebSocketLike;
}
