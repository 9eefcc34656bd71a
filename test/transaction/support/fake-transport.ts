import type { SipRequest, SipResponse } from '../../../src/syntax/index.js';
import type { FakeClock } from '../../../src/transport/fake-clock.js';
import { TransportError, type Peer, type Transport, type TransportEvents, type TransportProtocol } from '../../../src/transport/transport.js';

/** One message handed to the transport: when (FakeClock time), where, and the exact bytes. */
export interface SentMessage {
  at: number;
  to: Peer;
  text: string;
}

/**
 * A transport that sends nothing: it records every message with its FakeClock time and the
 * bytes it would put on the wire. `reliable` is switchable; `failing` makes sends reject.
 */
export class FakeTransport implements Transport {
  readonly protocol: TransportProtocol;
  reliable: boolean;
  readonly viaHost = 'client.example.com';
  readonly viaPort = 5060;
  readonly connected = true;
  readonly sent: SentMessage[] = [];
  /** When set, every send rejects with this error instead of recording the message. */
  failing: TransportError | undefined;
  private readonly clock: FakeClock;

  constructor(clock: FakeClock, options: { reliable?: boolean } = {}) {
    this.clock = clock;
    this.reliable = options.reliable ?? false;
    this.protocol = this.reliable ? 'TCP' : 'UDP';
  }

  get peer(): Peer {
    return { protocol: this.protocol, host: '192.0.2.9', port: 5060 };
  }

  /** The texts sent, in order. */
  get texts(): string[] {
    return this.sent.map((m) => m.text);
  }

  /** The times of the messages sent, in order. */
  get times(): number[] {
    return this.sent.map((m) => m.at);
  }

  async connect(): Promise<void> {}

  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    if (this.failing !== undefined) throw this.failing;
    this.sent.push({ at: this.clock.now(), to, text: new TextDecoder().decode(message.toBytes()) });
  }

  async close(): Promise<void> {}

  on<E extends keyof TransportEvents>(_event: E, _listener: TransportEvents[E]): void {}

  off<E extends keyof TransportEvents>(_event: E, _listener: TransportEvents[E]): void {}
}

/** Let rejected sends reach the transaction (they are reported asynchronously). */
export async function flushSends(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
