// What each registration leaves to V8's old generation: `node --expose-gc --import tsx bench/load/registration-survivors.ts [uas=1000] [rounds=2]`.
// UAs of the many-UAs benchmark's kind (`sharedConnection`, digest auth) register with a fresh Kamailio, 100 at
// a time. Like call-survivors.ts, it prints the growth of the old generation per UA after three scavenges, then
// after a full collection: the second is the registered UA itself, the difference what scavenges promoted
// although nothing reachable held it (with 100 registrations in flight, those in flight at a scavenge count too).
import { getHeapSpaceStatistics } from 'node:v8';
import { startKamailio } from '../../test/support/kamailio.js';
import { sipforgeSharedPeer } from './peers/sipforge.js';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx');
const oldSpace = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;

const [uas = 1000, rounds = 2] = process.argv.slice(2).map(Number);
const kamailio = await startKamailio({ defines: ['LOAD_TEST'], sharedMemoryMb: 1024 });
const keep: unknown[] = [];
let next = 0;
const register = async (count: number): Promise<void> => {
  for (let done = 0; done < count; done += 100) {
    const batch = Array.from({ length: Math.min(100, count - done) }, () => sipforgeSharedPeer.start(`u${next++}`, kamailio.wsUrl, () => undefined));
    keep.push(...batch);
    await Promise.all(batch.map((ua) => ua.registered));
  }
};
try {
  await register(500);
  for (let round = 0; round < rounds; round++) {
    gc();
    gc();
    const base = oldSpace();
    await register(uas);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 3; i++) gc({ type: 'minor' });
    const afterScavenges = oldSpace();
    gc();
    gc();
    const perUa = (bytes: number): string => `${(bytes / uas / 1024).toFixed(1)} KB`;
    console.log(`round ${round + 1}: ${uas} UAs registered; old generation per UA: +${perUa(afterScavenges - base)} after scavenges, +${perUa(oldSpace() - base)} after a full collection`);
  }
} finally {
  await kamailio.stop();
}
process.exit(0);
