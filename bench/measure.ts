// Timing: per contender a warm-up (lets V8 optimise its code and sizes the
// batch between clock reads), then rounds interleaved across contenders — in
// a rotating order — so drift (thermal, turbo, other load) hits all alike.
// Each round runs for a fixed time, not a fixed count, because the
// contenders differ in speed by three orders of magnitude.
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Contender } from './contender.js';

export interface Plan {
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

export interface Measurement {
  contender: Contender;
  /** messages/s of each round, in round order. */
  samples: number[];
  median: number;
}

// A full GC between slots, so one contender's garbage is not collected on
// another's clock. `npm run bench` runs plain tsx, so gc is exposed here
// rather than with a command-line flag.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// Written on every call so the parse results are observably used.
export let sink: unknown;

/** Runs whole corpus passes until `ms` elapse; returns messages/s. */
function timed(c: Contender, inputs: Buffer[], ms: number, passesPerRead: number): number {
  const start = performance.now();
  const deadline = start + ms;
  let messages = 0;
  let now: number;
  do {
    for (let p = 0; p < passesPerRead; p++) {
      for (let i = 0; i < inputs.length; i++) sink = c.run(inputs[i]!);
    }
    messages += passesPerRead * inputs.length;
    now = performance.now();
  } while (now < deadline);
  return messages / ((now - start) / 1000);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function measure(contenders: Contender[], inputs: Buffer[], plan: Plan, progress: (line: string) => void): Measurement[] {
  // Batch passes so the clock is read about every 2 ms: often enough to stop
  // on time, rarely enough that reading it costs nothing measurable.
  const passes = new Map<Contender, number>();
  for (const c of contenders) {
    gc();
    const rate = timed(c, inputs, plan.warmupMs, 1);
    passes.set(c, Math.max(1, Math.floor((rate * 0.002) / inputs.length)));
    progress(`warm-up ${c.label}: ~${Math.round(rate).toLocaleString('en-US')} msgs/s`);
  }
  const samples = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  for (let r = 0; r < plan.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + r) % contenders.length]!;
      gc();
      samples.get(c)!.push(timed(c, inputs, plan.roundMs, passes.get(c)!));
    }
    progress(`round ${r + 1}/${plan.rounds} done`);
  }
  return contenders.map((c) => {
    const s = samples.get(c)!;
    return { contender: c, samples: s, median: median(s) };
  });
}
