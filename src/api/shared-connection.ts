import { createResponse } from '../core/uas/index.js';
import { SipRequest, type SipResponse } from '../syntax/index.js';
import { Emitter } from '../transport/emitter.js';
import { supportsKeepAlive, type KeepAliveTransport, type KeepAliveTransportEvents } from '../transport/keep-alive-transport.js';
import { randomToken } from '../transport/random-token.js';
import type { TransportFactory } from '../transport/server-connection.js';
import type { SipServer } from '../transport/sip-server.js';
import { TransportError, type Peer, type Transport } from '../transport/transport.js';

/**
 * One connection to a server, used by the UAs of a process that set `sharedConnection`. Each UA
 * talks through a lane of its own; what arrives goes to the lane its Via host names: a response's
 * top Via sent-by (the UA put it there), a request's Request-URI host (the UA's Contact, which the
 * registrar hands back as the target: RFC 3261 §10.3, RFC 7118 §5 and Appendix B.1 make both the
 * UA's random `.invalid` host). A request for a UA no longer on the connection gets a 404.
 */
class SharedConnection {
  private readonly lanes = new Map<string, ConnectionLane>();
  /** Lanes waiting for the pong of the ping on the wire: one ping at a time, whatever the number of lanes. */
  private pinging: ConnectionLane[] | undefined;
  private opening: Promise<void> | undefined;

  constructor(
    private readonly key: string,
    private readonly transport: Transport,
  ) {
    transport.on('message', (message, from) => this.deliver(message, from));
    // Any lane can answer a broken message with a 400: the answer goes on this one connection.
    transport.on('malformed', (error, data, from) => this.anyLane()?.emit('malformed', error, data, from));
    transport.on('error', (error) => {
      for (const lane of this.lanes.values()) lane.emit('error', error);
    });
    transport.on('disconnected', (error) => this.lost(error));
    if (supportsKeepAlive(transport)) transport.on('pong', (from) => this.ponged(from));
  }

  get connected(): boolean {
    return this.transport.connected;
  }

  get localAddress(): string | undefined {
    return this.transport.localAddress;
  }

  get protocol(): Transport['protocol'] {
    return this.transport.protocol;
  }

  /** Adds `lane` once the connection is open; fails when another lane has its Via host. */
  join(lane: ConnectionLane): Promise<void> {
    if (connections.get(this.key) !== this) return Promise.reject(new TransportError('shared connection closed', this.key));
    const taken = this.lanes.get(lane.key);
    if (taken !== undefined && taken !== lane) {
      return Promise.reject(new TransportError(`another UA on this shared connection uses the Via host ${lane.viaHost}`, this.key));
    }
    this.lanes.set(lane.key, lane);
    if (this.transport.connected) return Promise.resolve();
    this.opening ??= this.transport.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening.catch((error: unknown) => {
      this.leave(lane);
      throw error;
    });
  }

  leave(lane: ConnectionLane): void {
    if (this.lanes.get(lane.key) === lane) this.lanes.delete(lane.key);
    if (this.lanes.size > 0) return;
    this.forget();
    this.transport.close().catch(() => undefined);
  }

  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    return this.transport.send(message, to);
  }

  ping(lane: ConnectionLane, to?: Peer): Promise<void> {
    if (this.pinging !== undefined) {
      this.pinging.push(lane);
      return Promise.resolve();
    }
    this.pinging = [lane];
    return (this.transport as KeepAliveTransport).sendKeepAlive(to);
  }

  private ponged(from: Peer): void {
    const waiting = this.pinging ?? [];
    this.pinging = undefined;
    for (const lane of waiting) lane.emit('pong', from);
  }

  private deliver(message: SipRequest | SipResponse, from: Peer): void {
    const request = message instanceof SipRequest ? message : undefined;
    let host: string;
    try {
      host = request === undefined ? (message as SipResponse).via.host : request.uri.host;
    } catch {
      // A response without a readable top Via matches no transaction of any UA (RFC 3261 §17.1.3).
      return;
    }
    const lane = this.lanes.get(host.toLowerCase());
    if (lane !== undefined) {
      lane.emit('message', message, from);
      return;
    }
    // RFC 3261 §8.2.2.1: the Request-URI names no UA here (one that left the connection, its binding still at the registrar).
    if (request !== undefined && request.method !== 'ACK') {
      this.transport.send(createResponse(request, 404, { toTag: randomToken(10) }), from).catch(() => undefined);
    }
  }

  private lost(error: TransportError | undefined): void {
    this.pinging = undefined;
    // Each UA reconnects on its own schedule; the first lane to connect again opens the connection for all.
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    this.forget();
    for (const lane of lanes) lane.lost(error);
  }

  /** No new lane joins this connection: the next UA to connect opens another. */
  private forget(): void {
    if (connections.get(this.key) === this) connections.delete(this.key);
  }

  private anyLane(): ConnectionLane | undefined {
    for (const lane of this.lanes.values()) return lane;
    return undefined;
  }
}

/** One UA's view of a shared connection: a transport whose messages are the ones addressed to its Via host. */
class ConnectionLane extends Emitter<KeepAliveTransportEvents> implements KeepAliveTransport {
  readonly reliable = true;
  readonly viaPort = undefined;
  readonly key: string;
  private joined = false;

  constructor(
    private readonly connection: SharedConnection,
    readonly viaHost: string,
  ) {
    super();
    this.key = viaHost.toLowerCase();
  }

  get protocol(): Transport['protocol'] {
    return this.connection.protocol;
  }

  get connected(): boolean {
    return this.joined && this.connection.connected;
  }

  get localAddress(): string | undefined {
    return this.connected ? this.connection.localAddress : undefined;
  }

  async connect(): Promise<void> {
    await this.connection.join(this);
    if (this.joined) return;
    this.joined = true;
    this.emit('connected');
  }

  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    return this.connection.send(message, to);
  }

  sendKeepAlive(to?: Peer): Promise<void> {
    return this.connection.ping(this, to);
  }

  close(): Promise<void> {
    const wasConnected = this.joined;
    this.joined = false;
    this.connection.leave(this);
    if (wasConnected) this.emit('disconnected');
    this.removeAllListeners();
    return Promise.resolve();
  }

  lost(error: TransportError | undefined): void {
    if (!this.joined) return;
    this.joined = false;
    this.emit('disconnected', error);
  }
}

const connections = new Map<string, SharedConnection>();

/**
 * A transport to `server` that shares one connection with every other lane to it in the process:
 * the first lane to connect opens it with the factory `open` makes, the last to close closes it.
 * `viaHost` tells this UA's messages apart from the others', so it must be the UA's own.
 */
export function sharedConnectionLane(server: SipServer, viaHost: string, open: () => TransportFactory): Transport {
  let connection = connections.get(server.uri);
  if (connection === undefined) {
    connection = new SharedConnection(server.uri, open()(server));
    connections.set(server.uri, connection);
  }
  return new ConnectionLane(connection, viaHost);
}
