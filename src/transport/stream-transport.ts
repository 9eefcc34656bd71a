import type { Server, Socket } from 'node:net';
import { messageLimits, type MessageLimits, type SipRequest, type SipResponse } from '../syntax/index.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { connectFailureText } from './connect-failure.js';
import { Emitter } from './emitter.js';
import { KEEP_ALIVE_PING, type KeepAliveTransport, type KeepAliveTransportEvents } from './keep-alive-transport.js';
import { sentByHost } from './local-address.js';
import { stampTopVia } from './received-via.js';
import { StreamConnection, type StreamConnectionHandlers } from './stream-connection.js';
import { describePeer, TransportError, type Peer } from './transport.js';

export interface StreamTransportOptions {
  /** Local address to listen on; default 0.0.0.0. */
  host?: string;
  /** Local port to listen on; default 0 (ephemeral). */
  port?: number;
  /** Accept incoming connections; default true unless `remote` is set. */
  listen?: boolean;
  /**
   * A server to connect to on `connect()`. Losing that connection is reported as `disconnected`;
   * other connections come and go silently.
   */
  remote?: { host: string; port: number };
  /**
   * Via sent-by host; default the listen address (for a wildcard, the first external IPv4 address),
   * or without a listener the local address of the connection to `remote`.
   */
  viaHost?: string;
  /** Bounds on each message received; default DEFAULT_MESSAGE_LIMITS (64 KiB head, 256 header lines, 64 KiB body). */
  limits?: Partial<MessageLimits>;
  /**
   * Close a connection after this many ms without traffic while nothing uses it (see `retain`);
   * never the one to `remote`. Default 180 000: longer than the 120 s RFC 5626 §4.4.1 keep-alive
   * interval, so a flow its peer keeps alive stays open. 0 = never.
   */
  idleTimeout?: number;
  /**
   * Most accepted connections open at once; default 256. When full, the longest-idle one not in
   * use is closed to admit a new one, or the new one is refused when all are in use.
   */
  maxInboundConnections?: number;
  /** Where the idle and linger timers get time from; default the system clock. */
  clock?: Clock;
}

const DEFAULT_IDLE_TIMEOUT = 180_000;
const DEFAULT_MAX_INBOUND = 256;

/**
 * What TCP and TLS share: connections opened on demand and reused per remote host:port
 * (RFC 3261 §18.1.1), responses sent back on the connection a request came in on
 * (§18.2.2, by `Peer.connectionId`), an optional listener, stream framing per connection.
 */
export abstract class StreamTransport extends Emitter<KeepAliveTransportEvents> implements KeepAliveTransport {
  abstract readonly protocol: 'TCP' | 'TLS';
  readonly reliable = true;
  private readonly fixedViaHost: string | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly listen: boolean;
  private readonly remote: { host: string; port: number } | undefined;
  private readonly limits: MessageLimits;
  private readonly idleTimeout: number;
  private readonly maxInbound: number;
  private readonly clock: Clock;
  private server: Server | undefined;
  private listeningPort: number | undefined;
  private serverConnection: StreamConnection | undefined;
  private readonly byId = new Map<string, StreamConnection>();
  private readonly byKey = new Map<string, StreamConnection>();
  private readonly dialling = new Map<string, Promise<StreamConnection>>();
  /** The host:port each dialled connection was opened to (it may name a host, not the address). */
  private readonly dialKeys = new Map<StreamConnection, string>();
  /** Uses by transactions and flows (`retain`), by connection id or host:port. */
  private readonly uses = new Map<string, number>();
  private readonly idleTimers = new Map<StreamConnection, TimerHandle>();
  private nextId = 1;
  private isConnected = false;
  private closed = false;

  constructor(options: StreamTransportOptions = {}) {
    super();
    this.host = options.host ?? '0.0.0.0';
    this.port = options.port ?? 0;
    this.remote = options.remote;
    this.listen = options.listen ?? options.remote === undefined;
    this.fixedViaHost = options.viaHost ?? (this.remote !== undefined && !this.listen ? undefined : sentByHost(this.host));
    this.limits = messageLimits(options.limits);
    this.idleTimeout = nonNegativeInteger('idleTimeout', options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT);
    this.maxInbound = nonNegativeInteger('maxInboundConnections', options.maxInboundConnections ?? DEFAULT_MAX_INBOUND);
    if (this.maxInbound === 0) throw new RangeError('maxInboundConnections must be at least 1');
    this.clock = options.clock ?? systemClock;
  }

  /** Open a client socket; resolves once it can carry data (for TLS: after the handshake). */
  protected abstract dial(host: string, port: number): Promise<Socket>;
  /** A listening server that hands each accepted, ready socket to `onSocket`. */
  protected abstract createServer(onSocket: (socket: Socket) => void): Server;

  get connected(): boolean {
    return this.isConnected;
  }

  /**
   * The Via sent-by host: as configured, the listen address, or for a client without a listener the
   * local address of its connection to `remote` (RFC 3261 §18.1.1: where that connection's replies come back).
   */
  get viaHost(): string {
    return this.fixedViaHost ?? this.serverConnection?.localAddress ?? sentByHost(this.host);
  }

  /** The listening port, once listening. */
  get localPort(): number | undefined {
    return this.listeningPort;
  }

  /** The listening port; without a listener, the local port of the connection to `remote`. */
  get viaPort(): number | undefined {
    return this.listeningPort ?? this.serverConnection?.localPort;
  }

  /** The local address of the connection to `remote`; without one, the listener's Via host. */
  get localAddress(): string | undefined {
    return this.serverConnection?.localAddress ?? (this.isConnected ? this.viaHost : undefined);
  }

  /** Open connections (accepted and dialled). */
  get connectionCount(): number {
    return this.byId.size;
  }

  async connect(): Promise<void> {
    if (this.isConnected) return;
    this.closed = false;
    if (this.listen && this.server === undefined) await this.startListening();
    if (this.remote !== undefined) {
      try {
        this.serverConnection = await this.connectionTo(this.remote.host, this.remote.port);
      } catch (error) {
        await this.shutdown();
        throw error;
      }
    }
    this.isConnected = true;
    this.emit('connected');
  }

  /**
   * Send one message: on the connection `to.connectionId` names while it is open, else on an open
   * connection to `to.host:to.port`, else on a new one (RFC 3261 §18.2.2).
   */
  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    const connection = await this.connectionFor(to);
    try {
      await connection.write(message.toBytes());
    } catch (error) {
      throw TransportError.from(error, describePeer(to), 'send failed: ');
    }
  }

  /**
   * Keep the connection `peer` names (by `connectionId`, else the one to its host:port, even if
   * it is opened later) from being closed as idle until the returned function is called: a
   * transaction or a flow is using it (RFC 3261 §18, RFC 5626 §4.4). Its idle time starts again
   * on release.
   */
  retain(peer: Peer): () => void {
    const key = peer.connectionId ?? `${peer.host}:${peer.port}`;
    this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.uses.get(key) ?? 1) - 1;
      if (left > 0) this.uses.set(key, left);
      else this.uses.delete(key);
      (this.byId.get(key) ?? this.byKey.get(key))?.touch();
    };
  }

  /** RFC 5626 §4.4.1 ping on the connection to `to`, or on the connection to `remote`. */
  async sendKeepAlive(to?: Peer): Promise<void> {
    const connection = to === undefined ? this.serverConnection : await this.connectionFor(to);
    if (connection === undefined || !connection.open) throw new TransportError('no connection for keep-alive', this.remoteName());
    await connection.write(KEEP_ALIVE_PING);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const wasConnected = this.isConnected;
    await this.shutdown();
    if (wasConnected) this.emit('disconnected');
    this.removeAllListeners();
  }

  /** Close the listener and every connection, silently. */
  private async shutdown(): Promise<void> {
    this.closed = true;
    this.isConnected = false;
    this.serverConnection = undefined;
    const server = this.server;
    this.server = undefined;
    this.listeningPort = undefined;
    for (const timer of this.idleTimers.values()) this.clock.clearTimeout(timer);
    this.idleTimers.clear();
    const closing = [...this.byId.values()].map((c) => c.close());
    if (server) closing.push(new Promise<void>((resolve) => server.close(() => resolve())));
    await Promise.all(closing);
  }

  private remoteName(): string {
    return this.remote ? `${this.remote.host}:${this.remote.port}` : `${this.host}:${this.port}`;
  }

  private async connectionFor(to: Peer): Promise<StreamConnection> {
    if (this.closed) throw new TransportError(`${this.protocol} transport closed`, describePeer(to));
    const named = to.connectionId === undefined ? undefined : this.byId.get(to.connectionId);
    if (named?.open) return named;
    return this.connectionTo(to.host, to.port);
  }

  private connectionTo(host: string, port: number): Promise<StreamConnection> {
    const key = `${host}:${port}`;
    const existing = this.byKey.get(key);
    if (existing?.open) return Promise.resolve(existing);
    let pending = this.dialling.get(key);
    if (pending === undefined) {
      pending = this.dial(host, port).then(
        (socket) => {
          this.dialling.delete(key);
          if (this.closed) {
            socket.destroy();
            throw new TransportError(`${this.protocol} transport closed`, key);
          }
          return this.adopt(socket, key);
        },
        (error: unknown) => {
          this.dialling.delete(key);
          throw new TransportError(`cannot connect over ${this.protocol}: ${connectFailureText(error)}`, key, { cause: error });
        },
      );
      this.dialling.set(key, pending);
    }
    return pending;
  }

  private startListening(): Promise<void> {
    const server = this.createServer((socket) => {
      if (this.closed) socket.destroy();
      else this.accept(socket);
    });
    // A backstop below the eviction in `accept`: sockets not yet handed over (a TLS handshake in
    // progress) or still closing count here, so a flood cannot use up file descriptors either.
    server.maxConnections = 2 * this.maxInbound;
    this.server = server;
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        this.server = undefined;
        reject(new TransportError(`cannot listen on ${this.protocol}: ${error.message}`, `${this.host}:${this.port}`, { cause: error }));
      };
      server.once('error', failed);
      server.listen(this.port, this.host, () => {
        server.off('error', failed);
        const address = server.address();
        this.listeningPort = typeof address === 'object' && address !== null ? address.port : this.port;
        server.on('error', (error) => this.emit('error', new TransportError(`listener error: ${error.message}`, `${this.host}:${this.listeningPort}`, { cause: error })));
        resolve();
      });
    });
  }

  /**
   * An accepted socket, within `maxInboundConnections`: when full, the longest-idle accepted
   * connection no transaction or flow uses is closed to make room. Refusing newcomers instead
   * would let whoever fills the table first (a flood of idle connections) lock every other
   * peer out; evicting idle ones costs a legitimate peer at most a reconnection (RFC 3261 §18
   * lets either side close a connection). When every one is in use, the newcomer is refused.
   */
  private accept(socket: Socket): void {
    let inbound = 0;
    let idlest: StreamConnection | undefined;
    for (const c of this.byId.values()) {
      if (!c.inbound || !c.open) continue;
      inbound++;
      if (!this.inUse(c) && (idlest === undefined || c.idleSince < idlest.idleSince)) idlest = c;
    }
    if (inbound >= this.maxInbound) {
      if (idlest === undefined) {
        socket.destroy();
        return;
      }
      void idlest.close();
    }
    this.adopt(socket);
  }

  /** Track a connected socket; `key` is the address it was dialled to (an accepted one is keyed by its source). */
  private adopt(socket: Socket, key?: string): StreamConnection {
    const id = `${this.protocol.toLowerCase()}-${this.nextId++}`;
    const connection = new StreamConnection(socket, this.protocol, id, this.handlers, { limits: this.limits, clock: this.clock, inbound: key === undefined });
    this.byId.set(id, connection);
    this.byKey.set(key ?? connection.key, connection);
    if (key !== undefined) this.dialKeys.set(connection, key);
    this.watchIdle(connection, this.idleTimeout);
    return connection;
  }

  /** Whether a transaction or flow uses `connection`, or it is the flow to `remote`. */
  private inUse(connection: StreamConnection): boolean {
    if (connection === this.serverConnection) return true;
    const dialKey = this.dialKeys.get(connection);
    return this.uses.has(connection.id) || this.uses.has(connection.key) || (dialKey !== undefined && this.uses.has(dialKey));
  }

  private watchIdle(connection: StreamConnection, delay: number): void {
    if (this.idleTimeout === 0) return;
    this.idleTimers.set(
      connection,
      this.clock.setTimeout(() => this.checkIdle(connection), delay),
    );
  }

  /**
   * RFC 5626 §4.4 and RFC 3261 §18: a connection stays while a transaction or flow uses it or
   * traffic (keep-alives included) crosses it; one idle for `idleTimeout` is closed.
   */
  private checkIdle(connection: StreamConnection): void {
    this.idleTimers.delete(connection);
    if (!connection.open || this.closed) return;
    const idleFor = this.clock.now() - connection.idleSince;
    if (this.inUse(connection)) this.watchIdle(connection, this.idleTimeout);
    else if (idleFor >= this.idleTimeout) void connection.close();
    else this.watchIdle(connection, this.idleTimeout - idleFor);
  }

  private readonly handlers: StreamConnectionHandlers = {
    message: (message, from) => {
      // RFC 3261 §18.2.1: the source is recorded in the top Via before the request goes up.
      stampTopVia(message, from);
      this.emit('message', message, from);
    },
    malformed: (error, data, from) => this.emit('malformed', error, data, from),
    pong: (from) => this.emit('pong', from),
    error: (error, from) => this.emit('error', new TransportError(`connection error: ${error.message}`, `${from.host}:${from.port}`, { cause: error })),
    closed: (connection, error) => this.forget(connection, error),
  };

  private forget(connection: StreamConnection, error: Error | undefined): void {
    this.byId.delete(connection.id);
    this.dialKeys.delete(connection);
    const timer = this.idleTimers.get(connection);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.idleTimers.delete(connection);
    for (const [key, c] of this.byKey) if (c === connection) this.byKey.delete(key);
    if (connection !== this.serverConnection || this.closed) return;
    this.serverConnection = undefined;
    this.isConnected = false;
    const reason = error === undefined ? 'connection closed by the server' : `connection lost: ${error.message}`;
    this.emit('disconnected', new TransportError(reason, this.remoteName(), { cause: error }));
  }
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
