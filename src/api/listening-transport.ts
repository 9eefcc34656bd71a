import type { SipRequest, SipResponse } from '../syntax/index.js';
import { Emitter } from '../transport/emitter.js';
import { TransportError, describePeer, type Peer, type Transport, type TransportEvents, type TransportProtocol } from '../transport/transport.js';
import type { ConnectionTransport } from './connection-transport.js';

/**
 * The transport of a UA that listens (`listen`): the listening socket, and when servers are
 * configured too, the connection to them. Alone, the listener carries everything: requests go
 * where the UA core addresses them (RFC 3263 on the Request-URI or route), responses to the Via
 * of their request (RFC 3261 §18.2.2). With a server connection, the UA's own requests go to the
 * server as they always do, and a response goes back the way its request came: on the listener
 * when it came from a peer of the listener, else through the server connection.
 */
export class ListeningTransport implements Transport {
  private readonly events = new Emitter<TransportEvents>();
  /** Peers whose messages arrived on the listener (by object: a connection-oriented response goes to that very Peer). */
  private readonly listenerPeers = new WeakSet<Peer>();
  readonly retain: ((peer: Peer) => () => void) | undefined;

  constructor(
    private readonly listener: Transport,
    private readonly server: ConnectionTransport | undefined,
    /** The server's address, to tell its UDP datagrams from those of the listener's peers. */
    private readonly serverAddress: () => { host: string; port: number } | undefined,
    private readonly trace?: (direction: 'sent' | 'received', message: SipRequest | SipResponse) => void,
  ) {
    listener.on('message', (message, from) => {
      this.listenerPeers.add(from);
      this.trace?.('received', message);
      this.events.emit('message', message, from);
    });
    listener.on('malformed', (error, data, from) => this.events.emit('malformed', error, data, from));
    if (server === undefined) {
      listener.on('connected', () => this.events.emit('connected'));
      listener.on('disconnected', (error) => this.events.emit('disconnected', error));
    } else {
      // The server transport traces its own messages.
      server.on('message', (message, from) => this.events.emit('message', message, from));
      server.on('malformed', (error, data, from) => this.events.emit('malformed', error, data, from));
      server.on('connected', () => this.events.emit('connected'));
      server.on('disconnected', (error) => this.events.emit('disconnected', error));
    }
    const retain = listener.retain?.bind(listener);
    this.retain = retain === undefined ? undefined : (peer) => (this.viaListener(peer, true) ? retain(peer) : () => undefined);
  }

  /** Requests leave as the server transport says when there is one, else as the listener does. */
  get protocol(): TransportProtocol {
    return this.server?.protocol ?? this.listener.protocol;
  }

  get reliable(): boolean {
    return this.server?.reliable ?? this.listener.reliable;
  }

  get viaHost(): string {
    return this.server?.viaHost ?? this.listener.viaHost;
  }

  get viaPort(): number | undefined {
    return this.server === undefined ? this.listener.viaPort : this.server.viaPort;
  }

  get localAddress(): string | undefined {
    return this.listener.localAddress;
  }

  get connected(): boolean {
    return this.server?.connected ?? this.listener.connected;
  }

  async connect(): Promise<void> {
    await this.listener.connect();
    await this.server?.connect();
  }

  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    if (!this.viaListener(to, 'status' in message)) return this.server!.send(message, to);
    if (to.protocol !== this.listener.protocol) {
      return Promise.reject(new TransportError(`no ${to.protocol} transport: this UA listens on ${this.listener.protocol} only`, describePeer(to)));
    }
    this.trace?.('sent', message);
    return this.listener.send(message, to);
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.listener.close();
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.off(event, listener);
  }

  /**
   * Whether a message to `to` leaves on the listener: always without a server; with one, only a
   * response to a listener's peer (a request of the UA goes to its server, as without `listen`).
   */
  private viaListener(to: Peer, response: boolean): boolean {
    if (this.server === undefined) return true;
    if (!response) return false;
    if (this.listenerPeers.has(to)) return true;
    // RFC 3261 §18.2.2 over UDP: the response goes to a Peer made from the Via, not the one received.
    if (to.connectionId !== undefined || to.protocol !== 'UDP' || this.listener.protocol !== 'UDP') return false;
    const server = this.serverAddress();
    return server === undefined || server.host !== to.host || server.port !== to.port;
  }
}
