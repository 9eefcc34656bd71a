import WebSocket from 'ws';
import { plainAddress } from './local-address.js';
import type { WebSocketFactory, WebSocketLike } from './websocket-like.js';

export interface NodeWebSocketOptions {
  /** TLS options for wss:// (e.g. `ca`, `rejectUnauthorized`), passed to `ws`. */
  tls?: { ca?: string | Buffer | Array<string | Buffer>; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean };
  /** Extra handshake headers (e.g. Origin, Cookie; RFC 7118 §7). */
  headers?: Record<string, string>;
}

/**
 * A WebSocketFactory for Node, on the `ws` package. Node-only: reached from `node.ts`, never
 * from `index.ts`. The transport's message size limit becomes `ws`'s `maxPayload`, so a larger
 * message is never buffered: `ws` fails the connection instead (it sends close code 1009, RFC
 * 6455 §7.4.1), and the transport reports it lost.
 */
export function nodeWebSocketFactory(options: NodeWebSocketOptions = {}): WebSocketFactory {
  return (url, protocols, open = {}) => {
    const limit = open.maxMessageBytes === undefined ? {} : { maxPayload: open.maxMessageBytes };
    const socket = new WebSocket(url, protocols, { ...options.tls, headers: options.headers, ...limit }) as WebSocket & { localAddress?: string | undefined };
    // A plain data property, the same for every socket: an accessor defined on each instance (Object.defineProperty)
    // turned each WebSocket's properties into a dictionary of its own, about 1.6 KB per connection.
    socket.localAddress = undefined;
    socket.once('upgrade', (response) => {
      const address = response.socket.localAddress;
      socket.localAddress = address === undefined ? undefined : plainAddress(address);
    });
    // ws's handler types take its own event classes; WebSocketLike only reads `data`, `code` and `reason`.
    return socket as unknown as WebSocketLike;
  };
}
