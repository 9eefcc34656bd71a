// Turns the measurements into the Markdown report that is printed and saved
// as bench/RESULTS.md: environment, throughput table with ratios, targets.
import os from 'node:os';
import type { ContenderKey } from './contender.js';
import type { Measurement, Plan } from './measure.js';

/** The issue's targets: sipforge's rate divided by a peer's rate must reach `min`. */
const targets: { who: ContenderKey; vs: ContenderKey; min: number }[] = [
  { who: 'stack', vs: 'sip', min: 1 },
  { who: 'stack', vs: 'jssip', min: 30 },
  { who: 'full', vs: 'sip', min: 0.5 },
  { who: 'full', vs: 'jssip', min: 10 },
];

// The columns of ratios: the floor, then each peer.
const ratioColumns: ContenderKey[] = ['floor', 'sip', 'jssip', 'sipjs'];

const rate = (x: number): string => Math.round(x).toLocaleString('en-US');
// Two significant digits below 1 so tiny ratios (SIP.js vs the floor) do not print as 0.00×.
const ratio = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2)) + '×';

export interface Context {
  plan: Plan;
  corpusSize: number;
  corpusBytes: number;
  notes: string[];
}

export function render(results: Measurement[], ctx: Context): { markdown: string; allPass: boolean } {
  const byKey = new Map(results.map((m) => [m.contender.key, m]));
  const label = (k: ContenderKey): string => byKey.get(k)?.contender.label ?? k;
  const cpus = os.cpus();
  const out: string[] = [];

  out.push('# Parser benchmark', '');
  out.push('The load benchmarks (`npm run bench:load`: many UAs, memory per transaction and call, RTP calls, calls per second) are in [LOAD-RESULTS.md](LOAD-RESULTS.md).', '');
  out.push(`- Date: ${new Date().toISOString()}`);
  out.push(`- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.arch()}`);
  out.push(`- Node ${process.version}`);
  // Other processes skew the slow contenders most; the load tells a reader how quiet the machine was.
  out.push(`- Load average at the end (1/5/15 min): ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  out.push(`- Corpus: ${ctx.corpusSize} messages, ${ctx.corpusBytes} bytes in all (bench/corpus.ts)`);
  out.push(`- Method: ${ctx.plan.warmupMs} ms warm-up each, then ${ctx.plan.rounds} rounds of ${ctx.plan.roundMs} ms per contender, interleaved; median of the rounds; spread = (max − min) / median`);
  for (const n of ctx.notes) out.push(`- ${n}`);
  out.push('');

  out.push('## Throughput', '');
  const cols = ratioColumns.filter((k) => byKey.has(k));
  out.push(`| contender | msgs/s (median) | spread | ${cols.map((k) => `vs ${label(k)}`).join(' | ')} |`);
  out.push(`|---|--:|--:|${cols.map(() => '--:').join('|')}|`);
  for (const m of results) {
    const spread = (Math.max(...m.samples) - Math.min(...m.samples)) / m.median;
    const ratios = cols.map((k) => (k === m.contender.key ? '—' : ratio(m.median / byKey.get(k)!.median)));
    out.push(`| ${m.contender.label} | ${rate(m.median)} | ${(spread * 100).toFixed(1)}% | ${ratios.join(' | ')} |`);
  }
  out.push('');

  out.push('## Targets', '');
  out.push('| target | measured | result |', '|---|--:|---|');
  let allPass = true;
  for (const t of targets) {
    const a = byKey.get(t.who);
    const b = byKey.get(t.vs);
    const name = `${label(t.who)} ≥ ${t.min}× ${label(t.vs)}`;
    if (a === undefined || b === undefined) {
      allPass = false;
      out.push(`| ${name} | — | n/a (not run) |`);
      continue;
    }
    const r = a.median / b.median;
    allPass &&= r >= t.min;
    out.push(`| ${name} | ${ratio(r)} | ${r >= t.min ? 'PASS' : 'FAIL'} |`);
  }
  out.push('');

  out.push('## What each contender is given and reads', '');
  out.push('Every contender gets the same bytes per message (a Node Buffer); decoding them is part of what is timed.', '');
  out.push('| contender | input | reads per message |', '|---|---|---|');
  for (const m of results) out.push(`| ${m.contender.label} | ${m.contender.input} | ${m.contender.reads} |`);
  out.push('');

  return { markdown: out.join('\n'), allPass };
}
