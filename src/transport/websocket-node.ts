import type { Socket } from 'node:net';
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
    const socket: BatchingSocket = new WebSocket(url, protocols, { ...options.tls, headers: options.headers, ...limit });
    // Plain data properties, the same for every socket: an accessor defined on each instance (Object.defineProperty)
    // turned each WebSocket's properties into a dictionary of its own, about 1.6 KB per connection.
    socket.localAddress = undefined;
    socket.tcp = undefined;
    socket.corked = false;
    socket.send = batchedSend;
    socket.once('upgrade', (response) => {
      const address = response.socket.localAddress;
      socket.localAddress = address === undefined ? undefined : plainAddress(address);
      socket.tcp = response.socket;
    });
    // ws's handler types take its own event classes; WebSocketLike only reads `data`, `code` and `reason`.
    return socket as unknown as WebSocketLike;
  };
}

/** A `ws` socket with the TCP socket under it (from the `upgrade` response) and whether it is corked for this turn of the event loop. */
type BatchingSocket = WebSocket & { localAddress?: string | undefined; tcp?: Socket | undefined; corked?: boolean };

const wsSend = WebSocket.prototype.send as (this: WebSocket, data: string | Uint8Array) => void;

/**
 * `ws` writes each message with a system call of its own. The messages sent while the event loop
 * handles what it has read go out in one write instead: the TCP socket is corked at the first and
 * uncorked once that is done (`setImmediate`, after the poll phase). Many UAs on one connection
 * (`sharedConnection`) answer a batch of responses read together: 9 % less CPU per registration
 * (`npx tsx bench/load/ua-profile.ts sipforge-shared 5000`, two runs a side).
 */
function batchedSend(this: BatchingSocket, data: string | Uint8Array): void {
  const tcp = this.tcp;
  if (tcp !== undefined && !this.corked && !tcp.destroyed) {
    tcp.cork();
    this.corked = true;
    setImmediate(uncork, this);
  }
  wsSend.call(this, data);
}

function uncork(socket: BatchingSocket): void {
  socket.corked = false;
  socket.tcp?.uncork();
}
