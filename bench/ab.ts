// `npx tsx bench/ab.ts <dir>`: sipforge's parser in this checkout against the one in <dir>
// (another checkout of the project, e.g. `git archive <commit> | tar -x -C <dir>` with a
// node_modules link), on the benchmark corpus, in one process. Rounds alternate between the two
// and are timed in CPU time of this process, so other load on the machine (other test runs)
// does not count against either side the way it does in wall-clock time. Prints the median of
// the per-round ratios, this checkout / <dir>, for the stack and full readings of run.ts.
import { resolve } from 'node:path';
import { corpus } from './corpus.js';
import type { Contender } from './contender.js';

const other = process.argv[2];
if (other === undefined) throw new Error('usage: npx tsx bench/ab.ts <other checkout>');
const theirs = (await import(resolve(other, 'bench/peers/sipforge.ts'))) as Record<'stack' | 'full', Contender>;
const ours = await import('./peers/sipforge.js');
const inputs = corpus.map((e) => e.bytes);
const ROUNDS = 41;
const ROUND_CPU_MS = 250;

export let sink: unknown;

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Messages per CPU second over whole corpus passes lasting `ms` of CPU time. */
function rate(c: Contender, ms: number): number {
  const start = cpuMs();
  let messages = 0;
  let now: number;
  do {
    for (let p = 0; p < 20; p++) for (const input of inputs) sink = c.run(input);
    messages += 20 * inputs.length;
    now = cpuMs();
  } while (now - start < ms);
  return messages / ((now - start) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

for (const mode of ['stack', 'full'] as const) {
  const a = ours[mode];
  const b = theirs[mode];
  rate(a, 1000);
  rate(b, 1000);
  const ratios: number[] = [];
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side goes first, so drift within a pair cancels out.
    let oursRate: number;
    let theirRate: number;
    if (r % 2 === 0) {
      oursRate = rate(a, ROUND_CPU_MS);
      theirRate = rate(b, ROUND_CPU_MS);
    } else {
      theirRate = rate(b, ROUND_CPU_MS);
      oursRate = rate(a, ROUND_CPU_MS);
    }
    oursRates.push(oursRate);
    theirRates.push(theirRate);
    ratios.push(oursRate / theirRate);
  }
  console.log(
    `${mode}: this checkout ${Math.round(median(oursRates)).toLocaleString('en-US')} msgs/CPU-s, ${other} ${Math.round(median(theirRates)).toLocaleString('en-US')}; ` +
      `ratio median ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}, ${ROUNDS} rounds)`,
  );
}
