import type { SipRequest, SipResponse } from '../syntax/index.js';
import { Emitter, type EventRelay } from '../transport/emitter.js';
import type { ServerConnection, ServerConnectionEvents } from '../transport/server-connection.js';
import type { Peer, Transport, TransportEvents, TransportProtocol } from '../transport/transport.js';

/**
 * The UA's connection seen as one Transport, so the UA core and its transactions outlive
 * reconnections and server failover: everything goes to the server currently connected. Over
 * WebSocket the Via sent-by stays the same across connections (the UA picks it once); over UDP,
 * TCP and TLS it names the local address and port of the transport connected now, unless the UA
 * fixed a host for every transport (`hackIpInContact`).
 */
export class ConnectionTransport extends Emitter<TransportEvents> implements Transport {
  // One relay for every UA's transport, not four closures each: a process may hold thousands of UAs.
  private static readonly RELAY: EventRelay<ServerConnectionEvents, ConnectionTransport> = {
    message(message, from) {
      this.trace?.('received', message);
      this.emit('message', message, from);
    },
    malformed(error, data, from) {
      this.emit('malformed', error, data, from);
    },
    connected() {
      this.emit('connected');
    },
    disconnected(_server, error) {
      this.emit('disconnected', error);
    },
  };

  constructor(
    private readonly connection: ServerConnection,
    private readonly chosenViaHost: string,
    private readonly defaultProtocol: TransportProtocol,
    /** Called with every message sent and received (the legacy `traceSip`). */
    private readonly trace?: (direction: 'sent' | 'received', message: SipRequest | SipResponse) => void,
    /** Whether `chosenViaHost` holds on UDP, TCP and TLS too (else they name their own local address). */
    private readonly viaHostEverywhere = false,
  ) {
    super();
    connection.relayTo(this, ConnectionTransport.RELAY);
  }

  get protocol(): TransportProtocol {
    return this.connection.transport?.protocol ?? this.connection.server?.protocol ?? this.defaultProtocol;
  }

  get reliable(): boolean {
    return this.connection.transport?.reliable ?? this.protocol !== 'UDP';
  }

  get viaHost(): string {
    return this.ownAddressTransport()?.viaHost ?? this.chosenViaHost;
  }

  /** The connected transport when it names its own local address in Via and Contact (RFC 3261 §18.1.1). */
  ownAddressTransport(): Transport | undefined {
    const transport = this.connection.transport;
    if (this.viaHostEverywhere || transport === undefined || transport.protocol === 'WS' || transport.protocol === 'WSS') return undefined;
    return transport;
  }

  get viaPort(): number | undefined {
    return this.connection.transport?.viaPort;
  }

  get connected(): boolean {
    return this.connection.connected;
  }

  async connect(): Promise<void> {
    this.connection.start();
  }

  /**
   * Requests go to the connected server (a UA behind an edge proxy has no other peer), and so do
   * responses over a connection. Over UDP, which takes datagrams from any peer, a response goes where
   * the transaction layer says (RFC 3261 §18.2.2: the request's received/rport or sent-by): the
   * server's address for what it relayed, the peer's for a request sent straight to the UA.
   */
  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    this.trace?.('sent', message);
    const transport = this.connection.transport;
    if ('status' in message && transport !== undefined && transport.protocol === 'UDP' && to.protocol === 'UDP') return transport.send(message, to);
    return this.connection.send(message);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
