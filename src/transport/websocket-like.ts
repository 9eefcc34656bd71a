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
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: WebSocketMessageEventLike) => void) | null;
  onclose: ((event: WebSocketCloseEventLike) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** Opens a WebSocket to `url` offering `protocols`. */
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

/** The platform `WebSocket` (browsers, Node ≥ 22), or undefined where there is none. */
export function platformWebSocketFactory(): WebSocketFactory | undefined {
  const Platform = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => unknown }).WebSocket;
  if (Platform === undefined) return undefined;
  // The DOM types' handlers take a full MessageEvent/CloseEvent; WebSocketLike only reads the fields above.
  return (url, protocols) => new Platform(url, protocols) as WebSocketLike;
}
