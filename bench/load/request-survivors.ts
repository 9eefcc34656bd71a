// What each request a UA sends leaves to V8's old generation: `node --expose-gc --import tsx bench/load/request-survivors.ts [requests=1000] [rounds=3]`.
// A UA with `wsServers` sends OPTIONS through `ua.request()` over an in-process reliable transport that
// answers each with 200 on the next turn (as a server would: the request read back from its text, the
// answer parsed again), so no network and no other process takes part. Like call-survivors.ts, it prints
// the growth of the old generation per request after three scavenges, then after a full collection: the
// difference is what scavenges promoted although nothing reachable held it.
import { getHeapSpaceStatistics } from 'node:v8';
import SIP from '../../src/node.js';
import { createResponse } from '../../src/core/uas/index.js';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/syntax/index.js';
import { Emitter } from '../../src/transport/emitter.js';
import type { Peer, Transport, TransportEvents } from '../../src/transport/transport.js';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx');
const oldSpace = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;

/** A WebSocket-like transport whose far end answers every request 200. */
class AnsweringTransport extends Emitter<TransportEvents> implements Transport {
  readonly protocol = 'WS';
  readonly reliable = true;
  readonly viaPort = undefined;
  connected = false;

  constructor(readonly viaHost: string) {
    super();
  }

  async connect(): Promise<void> {
    this.connected = true;
    this.emit('connected');
  }

  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    const text = message.toString();
    setImmediate(() => {
      const request = parseMessage(text) as SipRequest;
      this.emit('message', parseMessage(createResponse(request, 200, { toTag: 'far' }).toString()), to);
    });
  }

  async close(): Promise<void> {
    this.connected = false;
  }
}

const [requests = 1000, rounds = 3] = process.argv.slice(2).map(Number);
const ua = new SIP.UA(
  { uri: 'alice@example.test', wsServers: 'ws://far.invalid', register: false, log: { builtinEnabled: false } },
  { transportFactory: (conf) => () => new AnsweringTransport(conf.viaHost) },
);
await new Promise<void>((resolve) => ua.once('connected', () => resolve()));
const one = (): Promise<void> =>
  new Promise((resolve) => {
    const context = ua.request('OPTIONS', 'sip:bob@example.test');
    for (const event of ['accepted', 'rejected', 'failed'] as const) context.once(event, () => resolve());
  });
// Ten at a time, as a UA with several requests out would have them.
const send = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i += 10) await Promise.all(Array.from({ length: Math.min(10, count - i) }, one));
};
await send(2000);
for (let round = 0; round < rounds; round++) {
  gc();
  gc();
  const base = oldSpace();
  await send(requests);
  // Timer K (zero on a reliable transport) and the last answers' turns end first.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 3; i++) gc({ type: 'minor' });
  const afterScavenges = oldSpace();
  gc();
  gc();
  const perRequest = (bytes: number): string => `${(bytes / requests / 1024).toFixed(2)} KB`;
  console.log(`round ${round + 1}: ${requests} requests; old generation per request: +${perRequest(afterScavenges - base)} after scavenges, +${perRequest(oldSpace() - base)} after a full collection`);
}
ua.stop();
setTimeout(() => process.exit(0), 100);
