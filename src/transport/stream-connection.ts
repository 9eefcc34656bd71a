import type { Socket } from 'node:net';
import { StreamFramer, type SipParseError, type SipRequest, type SipResponse } from '../syntax/index.js';
import { KEEP_ALIVE_PONG } from './keep-alive-transport.js';
import { plainAddress } from './local-address.js';
import type { Peer, TransportProtocol } from './transport.js';

export interface StreamConnectionHandlers {
  message(message: SipRequest | SipResponse, from: Peer): void;
  malformed(error: SipParseError, data: Uint8Array, from: Peer): void;
  pong(from: Peer): void;
  error(error: Error, from: Peer): void;
  closed(connection: StreamConnection, error: Error | undefined): void;
}

/**
 * One TCP or TLS connection carrying SIP: frames the byte stream into messages (RFC 3261
 * §18.3, by Content-Length) and handles the RFC 5626 §4.4.1 keep-alive. A fatal framing error
 * closes this connection, since message boundaries on it are lost.
 */
export class StreamConnection {
  readonly id: string;
  readonly peer: Peer;
  private readonly framer = new StreamFramer();
  private closeError: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly socket: Socket,
    protocol: TransportProtocol,
    id: string,
    private readonly handlers: StreamConnectionHandlers,
  ) {
    this.id = id;
    this.peer = { protocol, host: plainAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0, connectionId: id };
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => {
      this.closeError = error;
      handlers.error(error, this.peer);
    });
    socket.on('close', () => handlers.closed(this, this.closeError));
  }

  /** `host:port` of the far end, the key RFC 3261 §18 indexes connections by. */
  get key(): string {
    return `${this.peer.host}:${this.peer.port}`;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  get open(): boolean {
    return !this.socket.destroyed && this.closing === undefined;
  }

  write(data: Uint8Array | string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.open) {
        reject(new Error('connection closed'));
        return;
      }
      this.socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Close the connection; resolves once the socket is closed. */
  close(error?: Error): Promise<void> {
    if (error !== undefined) this.closeError ??= error;
    this.closing ??= new Promise<void>((resolve) => {
      if (this.socket.closed) resolve();
      else {
        this.socket.once('close', () => resolve());
        this.socket.destroy();
      }
    });
    return this.closing;
  }

  private receive(chunk: Buffer): void {
    const data = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (const event of this.framer.push(data)) {
      if (!this.open) return;
      switch (event.type) {
        case 'message':
          this.handlers.message(event.message, this.peer);
          break;
        case 'ping':
          // RFC 5626 §4.4.1: answer a ping with a pong.
          this.write(KEEP_ALIVE_PONG).catch(() => undefined);
          break;
        case 'pong':
          this.handlers.pong(this.peer);
          break;
        case 'error':
          this.handlers.malformed(event.error, data.slice(), this.peer);
          if (event.fatal) void this.close(event.error);
          break;
      }
    }
  }
}
