import type { SipRequest, SipResponse } from '../syntax/index.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { CrlfKeepAlive } from './crlf-keep-alive.js';
import { Emitter, follow, unfollow, type EventRelay, type Following } from './emitter.js';
import { supportsKeepAlive, type KeepAliveTransportEvents } from './keep-alive-transport.js';
import { lastAlike } from './last-alike.js';
import { recoveryDelay } from './recovery-backoff.js';
import { orderByWeight, parseSipServer, type SipServer, type SipServerConfig } from './sip-server.js';
import { TransportError, type Peer, type Transport } from './transport.js';
import { webSocketTransportFactory } from './websocket-transport-factory.js';

/** Makes a fresh, unconnected transport for one connection attempt to `server`. */
export type TransportFactory = (server: SipServer) => Transport;

export interface ServerConnectionOptions {
  /** The servers, tried by weight (higher first; equal weights in random order). */
  servers: ReadonlyArray<SipServerConfig | string>;
  /** Default: WebSocket servers only, on the platform `WebSocket` (Node: `nodeTransportFactory()`). */
  createTransport?: TransportFactory;
  clock?: Clock;
  random?: () => number;
  /** Reconnection attempts on one server before the next is tried (legacy `wsServerMaxReconnection`); default 3. */
  maxReconnectionAttempts?: number;
  /** Delay before each of those attempts, ms (legacy `wsServerReconnectionTimeout`); default 4000. */
  reconnectionTimeout?: number;
  /** UA-level recovery once every server failed, ms (legacy `connectionRecoveryMinInterval`); default 2000. */
  recoveryMinInterval?: number;
  /** Upper bound of the recovery back-off, ms (legacy `connectionRecoveryMaxInterval`); default 30000. */
  recoveryMaxInterval?: number;
  /** RFC 5626 §4.4.1 CRLF keep-alive interval on stream and WebSocket flows, ms; 0 (default) = off. */
  keepAliveInterval?: number;
  /** How long to wait for the keep-alive pong, ms; default 10000 (RFC 5626 §4.4.1). */
  keepAliveTimeout?: number;
  /** A connection attempt that has not succeeded after this many ms fails; default 10000; 0 = no limit. */
  connectTimeout?: number;
  /** What the error of such an attempt calls that limit, so a user finds the setting; default `connectTimeout`. */
  connectTimeoutName?: string;
}

export interface ServerConnectionEvents {
  /** A connection attempt starts; `attempt` is 1 for the first on this server, 2… for reconnections. */
  connecting: (server: SipServer, attempt: number) => void;
  connected: (server: SipServer, transport: Transport) => void;
  /** An attempt failed or an established connection was lost (with the error), or `close()` was called (without). */
  disconnected: (server: SipServer, error?: TransportError) => void;
  /** No pong came for a keep-alive ping; the connection is treated as dead and reconnected. */
  keepAliveTimeout: (server: SipServer) => void;
  message: (message: SipRequest | SipResponse, from: Peer) => void;
  malformed: (error: Error, data: Uint8Array, from: Peer) => void;
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting' | 'closed';

/**
 * The UA's connection to its server: tries the configured servers by weight, reconnects to a
 * server a few times before moving on to the next, and when all have failed starts over after
 * a randomised exponential back-off. Keeps the flow alive with RFC 5626 §4.4.1 CRLF pings.
 * Every timer goes through the injected Clock.
 */
export class ServerConnection extends Emitter<ServerConnectionEvents> {
  private readonly servers: readonly SipServer[];
  private readonly createTransport: TransportFactory;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly settings: ConnectionSettings;

  private state: State = 'idle';
  private order: readonly SipServer[] = [];
  private index = 0;
  private reconnections = 0;
  private recoveryRound = 0;
  /** Bumped on every attempt, failure and close, so callbacks of a superseded attempt do nothing. */
  private generation = 0;
  private currentServer: SipServer | undefined;
  private currentTransport: Transport | undefined;
  private following: Following;
  private retryTimer: TimerHandle | undefined;
  private connectTimer: TimerHandle | undefined;
  private keepAlive: CrlfKeepAlive | undefined;
  // Made at the first transport dropped: most connections of a process are never dropped (an empty Set holds about 150 B).
  private closing: Set<Promise<void>> | undefined;

  constructor(options: ServerConnectionOptions) {
    super();
    if (options.servers.length === 0) throw new TypeError('at least one server is required');
    this.servers = parsedServers(options.servers);
    this.createTransport = options.createTransport ?? webSocketTransportFactory();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = connectionSettings(options);
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** The server in use or being tried. */
  get server(): SipServer | undefined {
    return this.currentServer;
  }

  /** The connected transport, if any. */
  get transport(): Transport | undefined {
    return this.state === 'connected' ? this.currentTransport : undefined;
  }

  /** Start connecting (no-op when already started). */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'closed') return;
    this.recoveryRound = 0;
    this.beginRound();
  }

  /** Send to the connected server. */
  send(message: SipRequest | SipResponse): Promise<void> {
    const server = this.currentServer;
    const transport = this.currentTransport;
    if (this.state !== 'connected' || server === undefined || transport === undefined) {
      return Promise.reject(new TransportError('not connected', server?.uri ?? this.servers[0]!.uri));
    }
    return transport.send(message, { protocol: server.protocol, host: server.host, port: server.port });
  }

  /** Stop: cancel every timer, close the transport. No event fires after the promise resolves. */
  async close(): Promise<void> {
    const wasConnected = this.state === 'connected';
    const server = this.currentServer;
    this.state = 'closed';
    this.generation++;
    this.clearTimers();
    this.dropTransport();
    await Promise.all([...(this.closing ?? [])]);
    if (wasConnected && server) this.emit('disconnected', server);
  }

  private beginRound(): void {
    // One server has one order: the list itself, shared by the connections configured with it.
    this.order = this.servers.length === 1 ? this.servers : orderByWeight(this.servers, this.random);
    this.index = 0;
    this.reconnections = 0;
    this.tryServer();
  }

  private tryServer(): void {
    const server = this.order[this.index]!;
    const generation = ++this.generation;
    this.state = 'connecting';
    this.currentServer = server;
    this.emit('connecting', server, this.reconnections + 1);
    if (this.generation !== generation) return;
    let transport: Transport;
    try {
      transport = this.createTransport(server);
    } catch (error) {
      this.fail(generation, TransportError.from(error, server.uri));
      return;
    }
    this.currentTransport = transport;
    this.following = follow(transport, this, ServerConnection.TRANSPORT_RELAY);
    if (this.settings.connectTimeout > 0) {
      this.connectTimer = this.clock.setTimeout(() => {
        this.connectTimer = undefined;
        this.fail(generation, new TransportError(this.connectTimeoutReason(server), server.uri));
      }, this.settings.connectTimeout);
    }
    transport.connect().then(
      () => this.succeeded(generation, server, transport),
      (error: unknown) => this.fail(generation, TransportError.from(error, server.uri)),
    );
  }

  private connectTimeoutReason(server: SipServer): string {
    const reason = `no connection within ${this.settings.connectTimeout} ms (${this.settings.connectTimeoutName})`;
    // A server that reads the TLS hello as the start of an HTTP request (Kamailio's ws port does)
    // waits for the rest of it: the attempt hangs instead of failing, and this is all there is to see.
    if (server.protocol !== 'WSS' && server.protocol !== 'TLS') return reason;
    return `${reason}; a TLS handshake with a port that does not speak TLS (e.g. wss: to a ws: port) never completes`;
  }

  // The transport's events, relayed to its connection (`follow`); only the current transport is followed.
  private static readonly TRANSPORT_RELAY: EventRelay<KeepAliveTransportEvents, ServerConnection> = {
    message(message, from) {
      this.emit('message', message, from);
    },
    malformed(error, data, from) {
      this.emit('malformed', error, data, from);
    },
    disconnected(error) {
      if (this.state === 'connected') this.fail(this.generation, error ?? new TransportError('connection closed', this.currentServer?.uri ?? ''));
    },
    pong() {
      this.keepAlive?.pongReceived();
    },
  };

  private succeeded(generation: number, server: SipServer, transport: Transport): void {
    if (generation !== this.generation) return;
    this.clearConnectTimer();
    this.state = 'connected';
    this.reconnections = 0;
    this.recoveryRound = 0;
    this.startKeepAlive(generation, server, transport);
    this.emit('connected', server, transport);
  }

  private startKeepAlive(generation: number, server: SipServer, transport: Transport): void {
    if (this.settings.keepAliveInterval <= 0 || !transport.reliable || !supportsKeepAlive(transport)) return;
    this.keepAlive = new CrlfKeepAlive({
      clock: this.clock,
      interval: this.settings.keepAliveInterval,
      pongTimeout: this.settings.keepAliveTimeout,
      random: this.random,
      sendPing: () => transport.sendKeepAlive(),
      onTimeout: () => {
        if (generation !== this.generation) return;
        this.emit('keepAliveTimeout', server);
        // RFC 5626 §4.4.1: no pong within 10 s means the flow has failed.
        this.fail(generation, new TransportError(`no keep-alive pong within ${this.settings.keepAliveTimeout} ms`, server.uri));
      },
    });
    this.keepAlive.start();
  }

  private fail(generation: number, error: TransportError): void {
    if (generation !== this.generation || this.state === 'closed') return;
    this.generation++;
    const server = this.currentServer!;
    this.clearTimers();
    this.dropTransport();
    this.state = 'waiting';
    this.emit('disconnected', server, error);
    if (this.state !== 'waiting') return;
    this.scheduleNext();
  }

  /** Per-server reconnection first, then the next server, then UA-level recovery. */
  private scheduleNext(): void {
    if (this.reconnections < this.settings.maxReconnectionAttempts) {
      this.reconnections++;
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = undefined;
        this.tryServer();
      }, this.settings.reconnectionTimeout);
      return;
    }
    this.index++;
    this.reconnections = 0;
    if (this.index < this.order.length) {
      this.tryServer();
      return;
    }
    const delay = recoveryDelay(this.recoveryRound++, this.settings.recoveryMinInterval, this.settings.recoveryMaxInterval, this.random);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.beginRound();
    }, delay);
  }

  private dropTransport(): void {
    const transport = this.currentTransport;
    this.currentTransport = undefined;
    if (transport === undefined) return;
    unfollow(transport, this, this.following);
    this.following = undefined;
    const closing = transport.close().catch(() => undefined);
    (this.closing ??= new Set()).add(closing);
    void closing.finally(() => this.closing?.delete(closing));
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== undefined) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.keepAlive?.stop();
    this.keepAlive = undefined;
  }
}

/** The timing of a connection's attempts and keep-alives, checked (see ServerConnectionOptions). */
interface ConnectionSettings {
  readonly maxReconnectionAttempts: number;
  readonly reconnectionTimeout: number;
  readonly recoveryMinInterval: number;
  readonly recoveryMaxInterval: number;
  readonly keepAliveInterval: number;
  readonly keepAliveTimeout: number;
  readonly connectTimeout: number;
  readonly connectTimeoutName: string;
}

// The connections of a process are made alike, by the thousand (one per UA), and share their settings.
const sharedSettings = lastAlike<ConnectionSettings>();

function connectionSettings(options: ServerConnectionOptions): ConnectionSettings {
  const settings: ConnectionSettings = {
    maxReconnectionAttempts: nonNegative('maxReconnectionAttempts', options.maxReconnectionAttempts ?? 3),
    reconnectionTimeout: nonNegative('reconnectionTimeout', options.reconnectionTimeout ?? 4000),
    recoveryMinInterval: positive('recoveryMinInterval', options.recoveryMinInterval ?? 2000),
    recoveryMaxInterval: positive('recoveryMaxInterval', options.recoveryMaxInterval ?? 30_000),
    keepAliveInterval: nonNegative('keepAliveInterval', options.keepAliveInterval ?? 0),
    keepAliveTimeout: positive('keepAliveTimeout', options.keepAliveTimeout ?? 10_000),
    connectTimeout: nonNegative('connectTimeout', options.connectTimeout ?? 10_000),
    connectTimeoutName: options.connectTimeoutName ?? 'connectTimeout',
  };
  if (settings.recoveryMaxInterval < settings.recoveryMinInterval) throw new RangeError('recoveryMaxInterval must not be below recoveryMinInterval');
  return sharedSettings(settings);
}

// The parsed list of each frozen server list given (a UA's configuration is frozen), so that the UAs
// of a process configured with one list share its servers (each connection made its own copy: a
// process may hold thousands). A list that can still change is parsed anew each time.
const PARSED = new WeakMap<ReadonlyArray<SipServerConfig | string>, readonly SipServer[]>();

function parsedServers(servers: ReadonlyArray<SipServerConfig | string>): readonly SipServer[] {
  const frozen = Object.isFrozen(servers);
  let parsed = frozen ? PARSED.get(servers) : undefined;
  if (parsed === undefined) {
    parsed = Object.freeze(servers.map((server) => Object.freeze(parseSipServer(server))));
    if (frozen) PARSED.set(servers, parsed);
  }
  return parsed;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}
