// One step of the calls-per-second benchmark, for A/B comparisons of the UAS's cost per call:
// `npx tsx bench/load/cps-once.ts [rate=250] [seconds=12] [--cpu-prof [--inclusive]]`. Prints one JSON line
// (Node CPU ms per call is the figure to compare on a shared machine: the pass/fail of a short
// step depends on the load) and, with --cpu-prof, the top functions by self time (with --inclusive,
// also by time on the stack: what each stage of a call costs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpsStep, startCpsUas } from './cps.js';
import { inclusiveTimes, summarizeProfile } from './cpu-profile.js';

const [rate = 250, seconds = 12] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
const profile = process.argv.includes('--cpu-prof');
const dir = mkdtempSync(join(tmpdir(), 'sipforge-cps-once-'));
const nodeFlags = process.argv.filter((a) => a.startsWith('--node=')).map((a) => a.slice('--node='.length));
const uas = await startCpsUas([...nodeFlags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])]);
try {
  const step = await cpsStep(uas, rate, seconds);
  const cpuMsPerCall = ((step.cpuPercent / 100) * seconds * 1000) / step.successful;
  console.log(JSON.stringify({ rate, seconds, ok: step.ok, successful: step.successful, unexpected: step.unexpected, p99Ms: step.p99Ms, cpuPercent: Number(step.cpuPercent.toFixed(1)), cpuMsPerCall: Number(cpuMsPerCall.toFixed(3)), rssMb: Math.round(step.rssMb), loopDelayP99Ms: Math.round(step.loopDelayP99Ms), loopDelayMaxMs: Math.round(step.loopDelayMaxMs) }));
} finally {
  await uas.stop();
}
if (profile) {
  const summary = summarizeProfile(dir, 25);
  for (const f of summary.functions) console.log(`${((100 * f.ms) / summary.busyMs).toFixed(1).padStart(5)} % ${f.name}`);
  if (process.argv.includes('--inclusive')) {
    console.log('\ninclusive (a sample counts once for every function on its stack):');
    for (const f of inclusiveTimes(dir, 150)) console.log(`${((100 * f.ms) / summary.busyMs).toFixed(1).padStart(5)} % ${f.name}`);
  }
}
rmSync(dir, { recursive: true, force: true });
