import WebSocket from 'ws';
import type { WebSocketFactory, WebSocketLike } from './websocket-like.js';

export interface NodeWebSocketOptions {
  /** TLS options for wss:// (e.g. `ca`, `rejectUnauthorized`), passed to `ws`. */
  tls?: { ca?: string | Buffer | Array<string | Buffer>; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean };
  /** Extra handshake headers (e.g. Origin, Cookie; RFC 7118 §7). */
  headers?: Record<string, string>;
}

/** A WebSocketFactory for Node, on the `ws` package. Node-only: reached from `node.ts`, never from `index.ts`. */
export function nodeWebSocketFactory(options: NodeWebSocketOptions = {}): WebSocketFactory {
  return (url, protocols) =>
    // ws's handler types take its own event classes; WebSocketLike only reads `data`, `code` and `reason`.
    new WebSocket(url, protocols, { ...options.tls, headers: options.headers }) as unknown as WebSocketLike;
}
