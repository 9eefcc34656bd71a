// Child process of the many-UAs benchmark (bench/load/many-uas.ts), one per library and N:
// `node --expose-gc <bundle of bench/load/ua-worker.ts> <peer> <wsUrl> <firstUser> <count> <window>`.
// Registers `count` UAs (users u<firstUser>…), at most `window` REGISTERs outstanding, then counts
// the MESSAGEs they receive. Talks to its parent over IPC: `registered` (time, memory, CPU), then
// `delivered` updates; it never exits by itself (the parent kills it by pid).
import { jssipPeer } from './peers/jssip.js';
import type { LoadPeer, LoadUa } from './peers/peer.js';
import { sipforgePeer, sipforgeSharedPeer } from './peers/sipforge.js';
import { sipjsPeer } from './peers/sipjs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { memorySample, type MemorySample } from './memory.js';

export interface WorkerRegistered {
  kind: 'registered';
  registered: number;
  failed: number;
  firstError?: string;
  ms: number;
  cpuMs: number;
  before: MemorySample;
  after: MemorySample;
}
export interface WorkerDelivered {
  kind: 'delivered';
  delivered: number;
}

const PEERS: Record<string, LoadPeer> = { sipforge: sipforgePeer, 'sipforge-shared': sipforgeSharedPeer, sipjs: sipjsPeer, jssip: jssipPeer };
const [peerName = '', wsUrl = '', first = '0', count = '0', window = '100'] = process.argv.slice(2);
const peer = PEERS[peerName];
if (peer === undefined) throw new Error(`unknown peer ${peerName}`);

let delivered = 0;
let reportScheduled = false;
const onMessage = (): void => {
  delivered += 1;
  if (!reportScheduled) {
    reportScheduled = true;
    setTimeout(() => {
      reportScheduled = false;
      process.send?.({ kind: 'delivered', delivered } satisfies WorkerDelivered);
    }, 100);
  }
};

const keep: LoadUa[] = [];
const before = memorySample();
const cpuBefore = process.cpuUsage();
const started = performance.now();
let next = 0;
let registered = 0;
let failed = 0;
let firstError: string | undefined;
await new Promise<void>((done) => {
  const total = Number(count);
  const launch = (): void => {
    if (next >= total) return;
    const ua = peer.start(`u${Number(first) + next}`, wsUrl, onMessage);
    next += 1;
    keep.push(ua);
    ua.registered.then(
      () => (registered += 1),
      (error: unknown) => {
        failed += 1;
        firstError ??= String(error);
      },
    ).finally(() => {
      if (registered + failed === total) done();
      else launch();
    });
  };
  for (let i = 0; i < Math.min(Number(window), total); i++) launch();
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const after = memorySample();
process.send?.({ kind: 'registered', registered, failed, firstError, ms, cpuMs: (cpu.user + cpu.system) / 1000, before, after } satisfies WorkerRegistered);
// `exit` from the parent ends the process normally, so that --cpu-prof writes its profile.
process.on('message', (message) => {
  if (message === 'exit') process.exit(0);
  // In the system's temporary folder, not where the benchmark was started; the parent deletes it once read.
  if (message === 'snapshot') process.send?.({ kind: 'snapshot', file: writeHeapSnapshot(join(tmpdir(), `sipforge-ua-${process.pid}-${Date.now()}.heapsnapshot`)) });
});
