import { parseMessage, type SipRequest, type SipResponse } from '../../src/index.js';
import { Emitter } from '../../src/transport/emitter.js';
import type { FakeClock } from '../../src/transport/fake-clock.js';
import type { KeepAliveTransport, KeepAliveTransportEvents } from '../../src/transport/keep-alive-transport.js';
import type { SipServer } from '../../src/transport/sip-server.js';
import type { ServerConnection, ServerConnectionEvents } from '../../src/transport/server-connection.js';
import { TransportError, type Peer, type Transport } from '../../src/transport/transport.js';

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export function optionsText(callId: string, transport = 'TCP', body = ''): string {
  return (
    `OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/${transport} client.example.com;branch=z9hG4bK${callId}\r\n` +
    `Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: ${callId}\r\n` +
    `CSeq: 1 OPTIONS\r\nContent-Length: ${encode(body).length}\r\n\r\n${body}`
  );
}

export function okText(callId: string, transport = 'TCP'): string {
  return (
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/${transport} client.example.com;branch=z9hG4bK${callId}\r\n` +
    `To: <sip:bob@example.com>;tag=2\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: ${callId}\r\n` +
    `CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`
  );
}

export const options = (callId: string, transport = 'TCP', body = ''): SipRequest => parseMessage(optionsText(callId, transport, body)) as SipRequest;
export const ok = (callId: string, transport = 'TCP'): SipResponse => parseMessage(okText(callId, transport)) as SipResponse;

/** Resolve with the arguments of the next `event`, or reject after `ms` (bounds every network test). */
export function next<E extends keyof KeepAliveTransportEvents>(target: Transport, event: E, ms?: number): Promise<Parameters<KeepAliveTransportEvents[E]>>;
export function next<E extends keyof ServerConnectionEvents>(target: ServerConnection, event: E, ms?: number): Promise<Parameters<ServerConnectionEvents[E]>>;
export function next(target: Transport | ServerConnection, event: string, ms = 3000): Promise<unknown[]> {
  const emitter = target as unknown as { on(e: string, l: (...args: unknown[]) => void): void; off(e: string, l: (...args: unknown[]) => void): void };
  return new Promise<unknown[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (...args: unknown[]): void => {
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args);
    };
    emitter.on(event, listener);
  });
}

/** Let pending promise callbacks run (connect() results are delivered asynchronously). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Advance a FakeClock by `ms`, letting promise callbacks run before and after each timer fires. */
export async function advance(clock: FakeClock, ms: number): Promise<void> {
  let left = ms;
  await flush();
  for (;;) {
    const due = clock.nextDue();
    if (due === undefined || due > left) break;
    clock.advance(due);
    left -= due;
    await flush();
  }
  clock.advance(left);
  await flush();
}

export type Outcome = 'ok' | 'fail' | 'hang';

/** A Transport whose connect() succeeds, fails or hangs as the test says, for connection-management tests. */
export class FakeTransport extends Emitter<KeepAliveTransportEvents> implements KeepAliveTransport {
  readonly protocol;
  readonly reliable: boolean;
  readonly viaHost = 'fake.invalid';
  readonly viaPort = undefined;
  connected = false;
  closed = false;
  pings = 0;
  readonly sent: Array<{ message: SipRequest | SipResponse; to: Peer }> = [];

  constructor(
    readonly server: SipServer,
    private readonly outcome: Outcome,
  ) {
    super();
    this.protocol = server.protocol;
    this.reliable = server.protocol !== 'UDP';
  }

  connect(): Promise<void> {
    if (this.outcome === 'hang') return new Promise<void>(() => undefined);
    if (this.outcome === 'fail') return Promise.reject(new TransportError('connection refused', this.server.uri));
    this.connected = true;
    return Promise.resolve();
  }

  send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    this.sent.push({ message, to });
    return Promise.resolve();
  }

  sendKeepAlive(): Promise<void> {
    this.pings++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    return Promise.resolve();
  }

  /** The server goes away. */
  drop(): void {
    this.connected = false;
    this.emit('disconnected', new TransportError('connection reset', this.server.uri));
  }
}
