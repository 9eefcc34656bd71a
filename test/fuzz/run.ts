// `npm run fuzz`: one bounded campaign against a fresh target, or the replay of a saved failure.
import { runCampaign } from './campaign.js';
import { parseCliOptions, USAGE } from './cli-options.js';
import { crashExcerpt, crashSignature } from './crash-excerpt.js';
import { defaultOutputDir, readReplayFile, writeFailure, writeReplayFile } from './replay-file.js';
import { REGRESSION_CASES } from './regressions/cases.js';
import { runAll } from './regressions/run-all.js';
import { findCulprit, replay } from './replay.js';
import type { Step } from './step.js';

function show(step: Step): string {
  const preview = step.data.length > 1000 ? `${step.data.slice(0, 1000)}… (${step.data.length} octets)` : step.data;
  return `${step.target}${step.trigger ? ` answering the UA's ${step.trigger}` : ''} — ${step.note ?? ''}\n${JSON.stringify(preview)}`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  if (options.regressions !== undefined) {
    const filter = options.regressions.toLowerCase();
    const cases = REGRESSION_CASES.filter((c) => c.name.toLowerCase().includes(filter));
    let failed = 0;
    await runAll(cases, (kase, result) => {
      if (result.problems.length > 0) failed++;
      console.log(`${result.problems.length === 0 ? 'pass' : 'FAIL'}  ${kase.name}${result.problems.length > 0 ? `\n      ${result.problems.join('; ')}` : ''}`);
      if (options.verbose && result.notes.length > 0) console.log(`      ${result.notes.join('; ')}`);
      if (result.crash !== undefined) console.log(`      crash: ${crashSignature(result.crash)}`);
      if (result.crash !== undefined && options.verbose) console.log(result.crash.replace(/^/gm, '      | '));
    });
    console.log(`${cases.length - failed} of ${cases.length} regression cases pass`);
    return failed === 0 ? 0 : 1;
  }

  if (options.replay !== undefined) {
    const file = readReplayFile(options.replay);
    console.log(`replaying ${file.steps.length} message(s): ${file.description}`);
    const result = await replay(file.steps, { verbose: options.verbose });
    const failedProbes = Object.entries(result.probes).filter(([, status]) => status !== 200);
    console.log(`target ${result.survived ? 'survived' : `died (${result.exit})`}; OPTIONS: ${JSON.stringify(result.probes)}`);
    if (!result.survived) console.log(`target stderr:\n${crashExcerpt(result.stderr)}`);
    return result.survived && failedProbes.length === 0 ? 0 : 1;
  }

  console.log(`fuzz seed ${options.seed}: up to ${options.count} messages in up to ${options.seconds} s, at most ${options.rate} a second`);
  const report = await runCampaign({ ...options, settleSeconds: options.settle, log: (line) => console.log(line) });
  const targets = Object.entries(report.sentByTarget).map(([t, n]) => `${t} ${n}`).join(', ');
  console.log(`sent ${report.sent} (${targets}), skipped ${report.skipped}, in ${Math.round(report.elapsedMs / 1000)} s; the target used ${Math.round(report.targetCpuMs / 1000)} s of CPU`);
  console.log(`RSS ${report.baselineRssMb} → peak ${report.peakRssMb} MB; heap after GC ${report.baselineHeapMb} → ${report.heapAfterGcMb ?? '?'} MB; longest event-loop delay ${report.maxEventLoopMs} ms`);
  if (report.settled !== undefined) {
    console.log(`after ${options.settle} s: heap ${report.settled.heapMb} MB, ${report.settled.coreTransactions} transactions and ${report.settled.coreDialogs} dialogs left in the listeners' cores`);
  }
  console.log(`final OPTIONS: ${JSON.stringify(report.finalProbes)}`);
  if (report.skipped > 0) console.log(`not sent: ${Object.entries(report.skips).map(([why, n]) => `${n} (${why})`).join(', ')}`);
  if (report.missedProbes.length > 0) console.log(`probes without answer during the run: ${report.missedProbes.join('; ')}`);
  if (report.problems.length === 0) {
    console.log(`PASS (seed ${options.seed})`);
    return 0;
  }
  const dir = writeFailure(options.out ?? defaultOutputDir(options.seed), report);
  console.log(`FAIL (seed ${options.seed}):\n  ${report.problems.join('\n  ')}`);
  if (report.inFlight !== undefined) console.log(`message in flight:\n${show(report.inFlight)}`);
  if (report.exit !== undefined) console.log(`target stderr:\n${crashExcerpt(report.stderr)}`);
  console.log(`written to ${dir}; replay with: npm run fuzz -- --replay ${dir}/window.json (or in-flight.json)`);
  if (report.exit !== undefined && options.shrink) {
    const signature = crashSignature(report.stderr);
    console.log(`looking for the message(s) that cause "${signature}" among the last ${report.window.length}…`);
    const culprit = await findCulprit(report.window, signature, (line) => console.log(line));
    if (culprit.length < report.window.length) {
      const file = writeReplayFile(dir, 'culprit.json', { seed: options.seed, description: `reproduces ${signature}`, steps: culprit });
      console.log(`${culprit.length} message(s) reproduce it, written to ${file}:`);
      for (const step of culprit.slice(-3)) console.log(show(step));
    } else {
      console.log('no smaller set of messages reproduces it on a fresh target (window.json is the reproduction)');
    }
  }
  return 1;
}

process.exitCode = await main();
