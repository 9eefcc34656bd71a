import { parseMessage, type SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { Emitter, type Peer, type Transport, type TransportEvents } from '../../../src/transport/index.js';

/** Where the UA's transport delivers what it sends, and how the peer sends back. */
export interface LoopbackPeer {
  receive(bytes: Uint8Array): void;
}

export const PEER_ADDRESS: Peer = { protocol: 'UDP', host: '127.0.0.2', port: 5090 };

/**
 * A UDP-like transport without sockets (unreliable, so every RFC 3261 timer runs as on UDP): what
 * the UA sends is serialised and handed to the peer on a later turn; `deliver` parses the peer's
 * bytes and gives them to the UA. Nothing is kept per message.
 */
export class LoopbackTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly reliable = false;
  readonly viaHost = '127.0.0.1';
  readonly viaPort = 5091;
  readonly localAddress = '127.0.0.1';
  connected = false;
  private readonly events = new Emitter<TransportEvents>();

  constructor(private readonly peer: LoopbackPeer) {}

  deliver(bytes: Uint8Array): void {
    setImmediate(() => this.events.emit('message', parseMessage(bytes), PEER_ADDRESS));
  }

  async connect(): Promise<void> {
    this.connected = true;
    this.events.emit('connected');
  }

  async send(message: SipRequest | SipResponse): Promise<void> {
    const bytes = message.toBytes();
    setImmediate(() => this.peer.receive(bytes));
  }

  async close(): Promise<void> {
    this.connected = false;
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.off(event, listener);
  }
}
