// CPU per answered call of the UA's own code, for A/B comparisons on a noisy machine:
// `npx tsx bench/load/calls-cpu.ts [calls=20000] [rounds=5] [other checkout]`. Each round runs
// bench/load/calls-cpu-worker.ts (loopback transport, no sockets, no SIPp) in a fresh process;
// with another checkout (a `git archive` of an older commit, its node_modules linked), the two
// alternate round by round and the median ratio this/other is printed, then the platform timers
// (`setTimeout`) the UA armed per call. The stateless peer's own parsing runs in the same process
// and is counted too, the same in both.
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import type { CallsCpuResult } from './calls-cpu-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const [callsArg = '20000', roundsArg = '5', other] = process.argv.slice(2);
const calls = Number(callsArg);

async function worker(tree: string): Promise<string> {
  const entry = join(tree, 'bench/load/calls-cpu-worker.ts');
  if (tree !== join(HERE, '../..')) copyFileSync(join(HERE, 'calls-cpu-worker.ts'), entry);
  return bundleChild(entry, tree === join(HERE, '../..') ? 'this-' : 'other-');
}

const timersPerCall = new Map<string, number>();

async function round(bundle: string): Promise<number> {
  const child = forkChild(bundle, [String(calls)]);
  try {
    const result = await child.next<CallsCpuResult>((m) => m.kind === 'calls', 600_000);
    timersPerCall.set(bundle, result.platformTimers / result.calls);
    return result.cpuMs / result.calls;
  } finally {
    await child.kill();
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mine = await worker(join(HERE, '../..'));
const theirs = other === undefined ? undefined : await worker(other);
const ours: number[] = [];
const others: number[] = [];
for (let i = 0; i < Number(roundsArg); i++) {
  ours.push(await round(mine));
  if (theirs !== undefined) others.push(await round(theirs));
  console.log(`round ${i + 1}: this ${ours.at(-1)!.toFixed(4)} ms/call${theirs === undefined ? '' : `, other ${others.at(-1)!.toFixed(4)} ms/call`}`);
}
const ratios = others.map((o, i) => ours[i]! / o);
console.log(`median: this ${median(ours).toFixed(4)} ms/call` + (theirs === undefined ? '' : `, other ${median(others).toFixed(4)} ms/call, ratio this/other ${median(ratios).toFixed(3)} (median of rounds)`));
const timers = (bundle: string | undefined): string => (bundle === undefined ? '' : (timersPerCall.get(bundle) ?? NaN).toFixed(2));
console.log(`platform timers armed per call (last round): this ${timers(mine)}` + (theirs === undefined ? '' : `, other ${timers(theirs)}`));
