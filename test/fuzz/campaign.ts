import { judge, type CampaignReport } from './campaign-report.js';
import { generateSteps } from './corpus/step-generator.js';
import { Testbed } from './harness/testbed.js';
import { DEFAULT_RATE, maxEventLoopDelay, mb, peakRss } from './limits.js';
import { Random } from './random.js';
import { TARGETS, type TargetName } from './step.js';
import { StepScheduler } from './step-scheduler.js';

export interface CampaignOptions {
  seed: number;
  /** At most this many messages. */
  count: number;
  /** At most this long, seconds (the final checks come on top, a few seconds). */
  seconds: number;
  /** At most this many messages a second; default DEFAULT_RATE. */
  rate?: number;
  /**
   * Then wait this long (seconds) for every transaction to end and check that the heap went
   * back near its start and no transaction is left (0: skip; SETTLE_SECONDS covers 64·T1).
   */
  settleSeconds?: number;
  verbose?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

// A mid-run OPTIONS probe every this many messages, to one target after the other.
const PROBE_EVERY = 250;
const PROBE_MS = 5000;
// The final probes wait longer: a UA may be reconnecting (1 s) after a reset stream.
const FINAL_PROBE_MS = 10_000;
// How long steps still waiting for their target at the end may wait.
const DRAIN_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One fuzzing campaign: start the target, send mutated messages (deterministic from the seed)
 * over UDP, TCP and WebSocket, to the UAs and the UA cores, until `count` messages or `seconds`
 * have passed or the target died; then check that it is alive, that its memory stayed within
 * the bounds of limits.ts, and that every target still answers OPTIONS with 200.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const log = options.log ?? (() => undefined);
  const rng = new Random(options.seed);
  const probeRng = new Random(options.seed ^ 0x5bd1e995);
  const testbed = await Testbed.start({ verbose: options.verbose ?? false });
  const target = testbed.target;
  const baseline = (await target.healthAfterGc())!;
  const scheduler = new StepScheduler(testbed, options.rate ?? DEFAULT_RATE);
  const missedProbes: string[] = [];
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  let nextProbe = PROBE_EVERY;
  let probeTurn = 0;

  while (scheduler.sent + scheduler.skipped + scheduler.queued < options.count && Date.now() < deadline && target.alive) {
    const name = rng.pick(TARGETS);
    if (!(await scheduler.submit(name, generateSteps(rng, name)))) break;
    if (scheduler.sent >= nextProbe) {
      nextProbe += PROBE_EVERY;
      const probed = TARGETS[probeTurn++ % TARGETS.length]!;
      const status = await testbed.probe(probed, probeRng, PROBE_MS);
      if (status !== 200) missedProbes.push(`${probed} after ${scheduler.sent} messages: ${status ?? 'no answer'}`);
      log(`${scheduler.sent} sent, ${scheduler.skipped} skipped, ${Math.round((Date.now() - started) / 1000)} s, rss ${mb(target.healthLog.at(-1)?.rssBytes ?? 0)} MB`);
    }
  }
  await scheduler.drain(DRAIN_MS);
  const elapsedMs = Date.now() - started;
  // Let the last messages be handled before judging.
  await sleep(500);

  const finalProbes = {} as Record<TargetName, number | undefined>;
  for (const name of TARGETS) finalProbes[name] = target.alive ? await testbed.probe(name, probeRng, FINAL_PROBE_MS) : undefined;
  const afterGc = await target.healthAfterGc();
  let settled: CampaignReport['settled'];
  if ((options.settleSeconds ?? 0) > 0 && target.alive) {
    log(`waiting ${options.settleSeconds} s for every transaction to end…`);
    await sleep(options.settleSeconds! * 1000);
    const health = await target.healthAfterGc();
    if (health !== undefined) settled = { heapMb: mb(health.heapUsedBytes), coreTransactions: health.coreTransactions, coreDialogs: health.coreDialogs };
  }
  const report: CampaignReport = {
    seed: options.seed,
    sent: scheduler.sent,
    skipped: scheduler.skipped,
    elapsedMs,
    sentByTarget: scheduler.sentByTarget,
    // Read before the fuzzer stops the target: any exit recorded here is a crash.
    exit: target.exit,
    baselineRssMb: mb(baseline.rssBytes),
    peakRssMb: mb(peakRss(target.healthLog)),
    baselineHeapMb: mb(baseline.heapUsedBytes),
    heapAfterGcMb: afterGc === undefined ? undefined : mb(afterGc.heapUsedBytes),
    settled,
    maxEventLoopMs: Math.round(maxEventLoopDelay(target.healthLog)),
    targetCpuMs: Math.round((afterGc?.cpuMs ?? target.healthLog.at(-1)?.cpuMs ?? baseline.cpuMs) - baseline.cpuMs),
    finalProbes,
    skips: Object.fromEntries(testbed.skips),
    missedProbes,
    problems: [],
    inFlight: scheduler.inFlight,
    window: scheduler.window,
    stderr: '',
  };
  await testbed.stop();
  report.stderr = target.stderr;
  report.problems = judge(report);
  return report;
}
