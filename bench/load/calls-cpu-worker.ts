// Child of bench/load/calls-cpu.ts: one sipforge UA on the in-memory loopback transport, answering
// the calls the stateless peer of bench/load/lifecycles places and hangs up (INVITE, 200, ACK, BYE,
// 200). `node --expose-gc <bundle> <calls>`: warms up, then sends one IPC message with the CPU time
// of `calls` calls and the platform timers armed meanwhile (`setTimeout` counted; the loopback and
// the peer arm none). No sockets and no SIPp: what the UA's code costs per call, for A/B comparisons.
import { NodeUA } from '../../src/node.js';
import { LoopbackTransport } from './lifecycles/loopback.js';
import { nullMediaFactory } from './lifecycles/null-media.js';
import { RawPeer } from './lifecycles/raw-peer.js';

export interface CallsCpuResult {
  kind: 'calls';
  calls: number;
  cpuMs: number;
  platformTimers: number;
}

const calls = Number(process.argv[2] ?? 20000);
const peer = new RawPeer();
peer.hangUpOnAnswer = true;
const ua = new NodeUA(
  { uri: 'ua@127.0.0.1', wsServers: 'udp:127.0.0.2:5090', register: false, log: { builtinEnabled: false } },
  {
    mediaHandlerFactory: nullMediaFactory,
    transportFactory: () => () => {
      const transport = new LoopbackTransport(peer);
      peer.transport = transport;
      return transport;
    },
  },
);
ua.on('invite', (session) => session.accept());
if (!ua.isConnected()) await new Promise<void>((resolve) => ua.once('connected', () => resolve()));

/** `n` calls from the peer, 50 at a time; resolves when the peer has the 200 to every BYE. */
async function run(first: number, n: number): Promise<void> {
  const done = (): number => peer.count('200 BYE');
  const start = done();
  for (let sent = 0; sent < n; ) {
    const batch = Math.min(50, n - sent);
    for (let i = 0; i < batch; i++) peer.sendRequest('INVITE', first + sent + i);
    sent += batch;
    while (done() - start < sent - 100) await new Promise((r) => setImmediate(r));
  }
  while (done() - start < n) await new Promise((r) => setTimeout(r, 1));
}

await run(0, Math.min(calls, 5000));
let platformTimers = 0;
const platformSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof platformSetTimeout>) => {
  platformTimers += 1;
  return platformSetTimeout(...args);
}) as typeof platformSetTimeout;
const before = process.cpuUsage();
await run(1_000_000, calls);
const used = process.cpuUsage(before);
process.send?.({ kind: 'calls', calls, cpuMs: (used.user + used.system) / 1000, platformTimers } satisfies CallsCpuResult);
process.exit(0);
