import type { Socket } from 'node:net';
import { StreamFramer, type MessageLimits, type SipParseError, type SipRequest, type SipResponse } from '../syntax/index.js';
import type { Clock } from './clock.js';
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

export interface StreamConnectionOptions {
  limits: Partial<MessageLimits>;
  clock: Clock;
  /** Accepted from a peer (true) or dialled by us. */
  inbound: boolean;
}

// How long a connection closed after a framing error waits for the peer to close its side, so
// the answer it was sent is not lost to a reset (unread data at close makes TCP send RST).
const LINGER_MS = 2000;

/**
 * One TCP or TLS connection carrying SIP: frames the byte stream into messages (RFC 3261
 * §18.3, by Content-Length, within the transport's message limits) and handles the RFC 5626
 * §4.4.1 keep-alive. A fatal framing error closes this connection, since message boundaries on
 * it are lost — after the answer to the broken message (400, 513) has gone out.
 */
export class StreamConnection {
  readonly id: string;
  readonly peer: Peer;
  readonly inbound: boolean;
  private readonly framer: StreamFramer;
  private readonly clock: Clock;
  private lastActive: number;
  private closeError: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly socket: Socket,
    protocol: TransportProtocol,
    id: string,
    private readonly handlers: StreamConnectionHandlers,
    options: StreamConnectionOptions,
  ) {
    this.id = id;
    this.peer = { protocol, host: plainAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0, connectionId: id };
    this.inbound = options.inbound;
    this.framer = new StreamFramer(options.limits);
    this.clock = options.clock;
    this.lastActive = this.clock.now();
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

  get localAddress(): string | undefined {
    const address = this.socket.localAddress;
    return address === undefined ? undefined : plainAddress(address);
  }

  get open(): boolean {
    return !this.socket.destroyed && this.closing === undefined;
  }

  /** When data last went in or out (clock time). */
  get idleSince(): number {
    return this.lastActive;
  }

  /** Count now as activity: the idle time starts again. */
  touch(): void {
    this.lastActive = this.clock.now();
  }

  write(data: Uint8Array | string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.open) {
        reject(new Error('connection closed'));
        return;
      }
      this.touch();
      this.socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Close the connection; resolves once the socket is closed. */
  close(error?: Error): Promise<void> {
    if (error !== undefined) this.closeError ??= error;
    this.closing ??= this.whenClosed();
    this.socket.destroy();
    return this.closing;
  }

  private whenClosed(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.socket.closed) resolve();
      else this.socket.once('close', () => resolve());
    });
  }

  /**
   * Close after a fatal framing error, once the answer to it is on its way: the core answers
   * from the `malformed` handler within the current turn (its send only waits on promises),
   * so by the next turn the answer is queued. The write side is then ended and the socket
   * closed when the peer closes its side, or after LINGER_MS.
   */
  private closeAfterAnswer(error: SipParseError): void {
    this.closeError ??= error;
    setImmediate(() => {
      if (this.closing !== undefined) return;
      this.closing = this.whenClosed();
      const linger = this.clock.setTimeout(() => this.socket.destroy(), LINGER_MS);
      this.socket.once('close', () => this.clock.clearTimeout(linger));
      this.socket.end();
    });
  }

  private receive(chunk: Buffer): void {
    this.touch();
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
          if (event.fatal) this.closeAfterAnswer(event.error);
          break;
      }
    }
  }
}
