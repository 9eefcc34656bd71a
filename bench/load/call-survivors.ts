// What each call leaves to V8's old generation: `node --expose-gc --import tsx bench/load/call-survivors.ts [calls=300] [rate=100] [rounds=3]`.
// The calls-per-second UAS (bench/load/listening-uas.ts) runs in this process and SIPp's `uac` calls it. In each
// round, once the calls have ended, three young-generation collections (scavenges) run, and the growth of the old
// generation is printed per call; then again after a full collection. The first figure is what outlived the young
// generation, the second what is still reachable (the transactions kept for Timers L and J): the difference is
// what scavenges promoted although nothing reachable held it, and what every full collection then has to sweep.
// At a low rate a call has ended long before the next scavenge, so that difference is not calls in flight.
import { getHeapSpaceStatistics } from 'node:v8';
import { freePortBlock } from '../../test/support/free-ports.js';
import { sippCalls, startListeningUas } from './listening-uas.js';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx');
const oldSpace = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const [calls = 300, rate = 100, rounds = 3] = process.argv.slice(2).map(Number);
const port = await freePortBlock(1);
const uas = await startListeningUas(port);
// A warm-up: compilation and first-use caches are not what is measured.
await sippCalls(port, 600, 300);
for (let round = 0; round < rounds; round++) {
  gc();
  gc();
  const base = oldSpace();
  const ended = uas.ended;
  await sippCalls(port, calls, rate);
  await settle(200);
  for (let i = 0; i < 3; i++) gc({ type: 'minor' });
  const afterScavenges = oldSpace();
  gc();
  gc();
  const afterFull = oldSpace();
  const perCall = (bytes: number): string => `${(bytes / calls / 1024).toFixed(1)} KB`;
  console.log(`round ${round + 1}: ${uas.ended - ended} calls ended at ${rate}/s; old generation per call: +${perCall(afterScavenges - base)} after scavenges, +${perCall(afterFull - base)} after a full collection`);
}
uas.ua.stop();
setTimeout(() => process.exit(0), 100);
