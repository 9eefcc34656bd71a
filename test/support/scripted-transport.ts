import { parseMessage, SipRequest, type SipResponse } from '../../src/syntax/index.js';
import { Emitter, TransportError, type FakeClock, type Peer, type Transport, type TransportEvents, type TransportProtocol } from '../../src/transport/index.js';

export interface Sent {
  at: number;
  to: Peer;
  text: string;
  message: SipRequest | SipResponse;
}

/** Where `deliver` says a message came from unless told otherwise. */
export const DEFAULT_REMOTE: Peer = { protocol: 'UDP', host: '192.0.2.7', port: 5070 };

export interface ScriptedTransportOptions {
  protocol?: TransportProtocol;
  viaHost?: string;
  viaPort?: number | undefined;
  /** The local address of the connection, as a Node transport reports it. */
  localAddress?: string | undefined;
  /** Where `deliver` says a message came from by default. */
  remote?: Peer;
}

/**
 * A transport a test drives by hand: `deliver` plays a message from the network (malformed
 * text goes out as a `malformed` event, as a real transport reports it), `sent` records what
 * went out with its FakeClock time, `failing` makes sends reject. UDP by default; WS when a
 * test stands for a UA's connection to its server.
 */
export class ScriptedTransport implements Transport {
  readonly protocol: TransportProtocol;
  readonly reliable: boolean;
  readonly viaHost: string;
  readonly viaPort: number | undefined;
  readonly localAddress: string | undefined;
  readonly remote: Peer;
  connected = false;
  failing = false;
  /** How many times `connect` was called. */
  connects = 0;
  readonly sent: Sent[] = [];
  protected readonly events = new Emitter<TransportEvents>();

  constructor(
    private readonly clock: FakeClock,
    options: ScriptedTransportOptions = {},
  ) {
    this.protocol = options.protocol ?? 'UDP';
    this.reliable = this.protocol !== 'UDP';
    this.viaHost = options.viaHost ?? '192.0.2.1';
    this.viaPort = 'viaPort' in options ? options.viaPort : 5060;
    this.localAddress = options.localAddress;
    this.remote = options.remote ?? { ...DEFAULT_REMOTE, protocol: this.protocol };
  }

  deliver(text: string, from: Peer = this.remote): void {
    let message;
    try {
      message = parseMessage(text);
    } catch (error) {
      this.events.emit('malformed', error as Error, new TextEncoder().encode(text), from);
      return;
    }
    this.events.emit('message', message, from);
  }

  /** Requests sent, in order. */
  get requests(): SipRequest[] {
    return this.sent.flatMap((s) => (s.message instanceof SipRequest ? [s.message] : []));
  }

  /** Responses sent, as status codes, in order. */
  get statuses(): number[] {
    return this.sent.flatMap((s) => ('status' in s.message ? [s.message.status] : []));
  }

  /** The last message sent. */
  get last(): Sent {
    const last = this.sent[this.sent.length - 1];
    if (last === undefined) throw new Error('nothing was sent');
    return last;
  }

  async connect(): Promise<void> {
    this.connects += 1;
    this.connected = true;
    this.events.emit('connected');
  }

  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    if (this.failing) throw new TransportError('socket closed', `${to.protocol} ${to.host}:${to.port}`);
    const text = new TextDecoder().decode(message.toBytes());
    this.sent.push({ at: this.clock.now(), to, text, message: parseMessage(text) });
  }

  async close(): Promise<void> {
    this.connected = false;
  }

  /** The connection is lost, as a socket closed by the peer reports it. */
  lose(error = new TransportError('WebSocket closed (code 1006)', 'ws://server')): void {
    this.connected = false;
    this.events.emit('disconnected', error);
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.off(event, listener);
  }
}
