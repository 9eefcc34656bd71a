// `npm run bench:load [-- --only=uas,memory,media,cps] [--sizes=1000,5000,10000] [--items=10000] [--out=FILE]`
// Load benchmarks of issue 11 on 127.0.0.1; each writes its own section of bench/LOAD-RESULTS.md
// (the parser benchmark, `npm run bench`, keeps bench/RESULTS.md). Long: not part of `npm test`.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpsRun, cpsStep, startCpsUas } from './cps.js';
import { renderCps } from './cps-report.js';
import { summarizeProfile, type ProfileSummary } from './cpu-profile.js';
import { lifecycles, renderLifecycles } from './lifecycles.js';
import { manyUas, type ManyUasResult } from './many-uas.js';
import { mediaSteps, renderMedia } from './media.js';
import { renderManyUas } from './many-uas-report.js';
import { environment, writeSection } from './results-file.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'uas,memory,media,cps' },
    sizes: { type: 'string', default: '1000,5000,10000' },
    peers: { type: 'string', default: 'sipforge,sipforge-shared,sipjs,jssip' },
    window: { type: 'string', default: '100' },
    items: { type: 'string', default: '10000' },
    'media-first': { type: 'string', default: '50' },
    'media-max': { type: 'string', default: '3200' },
    'media-seconds': { type: 'string', default: '10' },
    rates: { type: 'string', default: '100,250,500,1000,1500,2000,2500,3000,4000' },
    'step-seconds': { type: 'string', default: '5' },
    'hold-seconds': { type: 'string', default: '30' },
    out: { type: 'string', default: fileURLToPath(new URL('../LOAD-RESULTS.md', import.meta.url)) },
  },
});
const only = new Set(values.only.split(','));
const command = `npm run bench:load -- ${process.argv.slice(2).join(' ')}`.trim();

if (only.has('uas')) {
  const window = Number(values.window);
  const messageRate = 1000;
  const results: ManyUasResult[] = [];
  for (const n of values.sizes.split(',').map(Number)) {
    for (const peer of values.peers.split(',')) {
      const result = await manyUas(peer, n, { window, messageRate });
      console.log(`[uas] ${peer} N=${n}: ${result.registered} registered (${result.failed} failed) in ${(result.registerMs / 1000).toFixed(1)} s, heap/UA ${(result.heapPerUa / 1024).toFixed(1)} KB, delivered ${result.delivered}`);
      results.push(result);
    }
  }
  writeSection(values.out, 'uas', ['## Many UAs in one process', '', ...environment(command), '', ...renderManyUas(results, window, messageRate)].join('\n'));
}

if (only.has('memory')) {
  const report = await lifecycles(Number(values.items));
  console.log(`[memory] ${report.stages.map((s) => `${s.name.split(' (')[0]}: ${((s.alive.heapUsed - s.before.heapUsed) / report.count / 1024).toFixed(1)} KB`).join(', ')}`);
  writeSection(values.out, 'memory', ['## Memory per transaction, dialog and session', '', ...environment(command), '', ...renderLifecycles(report)].join('\n'));
}

if (only.has('media')) {
  const seconds = Number(values['media-seconds']);
  const steps = await mediaSteps(Number(values['media-first']), Number(values['media-max']), seconds, (s) =>
    console.log(`[media] ${s.calls} calls: CPU ${((s.worker.cpuMs / 10 / s.worker.seconds)).toFixed(1)} %, late ${(s.lateRatio * 100).toFixed(2)} %, lost ${(s.lostRatio * 100).toFixed(2)} %`),
  );
  writeSection(values.out, 'media', ['## Media: concurrent RTP calls in one process', '', ...environment(command), '', ...renderMedia(steps, seconds)].join('\n'));
}

if (only.has('cps')) {
  const rates = values.rates.split(',').map(Number);
  const uas = await startCpsUas();
  let run;
  try {
    run = await cpsRun(uas, rates, Number(values['step-seconds']), Number(values['hold-seconds']), (s, hold) =>
      console.log(`[cps] ${hold ? 'hold' : 'step'} ${s.rate}/s for ${s.seconds} s: ${s.successful}/${s.created} ok, ${s.failed} failed, ${s.unexpected} unexpected, p99 ${s.p99Ms} ms, CPU ${s.cpuPercent.toFixed(0)} %`),
    );
  } finally {
    await uas.stop();
  }
  // Profiled apart from the measured runs: the profiler costs time of its own.
  const profileRate = run.held?.rate ?? rates[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-cps-prof-'));
  const profiled = await startCpsUas(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    await cpsStep(profiled, profileRate, Math.min(10, Number(values['hold-seconds'])));
  } finally {
    await profiled.stop();
  }
  const profile: ProfileSummary = summarizeProfile(dir);
  rmSync(dir, { recursive: true, force: true });
  writeSection(values.out, 'cps', ['## Calls per second as UAS over UDP', '', ...environment(command), '', ...renderCps(run, 2000, profile, profileRate)].join('\n'));
}
