import { generateSteps } from './corpus/step-generator.js';
import { describeExit, type Exit } from './harness/target-process.js';
import { Testbed } from './harness/testbed.js';
import {
  DEFAULT_RATE,
  EVENT_LOOP_LIMIT_MS,
  HEAP_GROWTH_LIMIT_MB,
  maxEventLoopDelay,
  mb,
  peakRss,
  RSS_GROWTH_LIMIT_MB,
  SETTLED_HEAP_GROWTH_LIMIT_MB,
} from './limits.js';
import { Random } from './random.js';
import { TARGETS, type Step, type TargetName } from './step.js';

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

export interface CampaignReport {
  seed: number;
  sent: number;
  skipped: number;
  elapsedMs: number;
  sentByTarget: Record<TargetName, number>;
  exit: Exit | undefined;
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  heapAfterGcMb: number | undefined;
  /** After the settling time, if there was one: heap after a full collection, and the transactions left. */
  settled: { heapMb: number; coreTransactions: number; coreDialogs: number } | undefined;
  maxEventLoopMs: number;
  /** CPU time the target spent during the campaign, ms. */
  targetCpuMs: number;
  /** Status of the final OPTIONS over each target (undefined: no answer). */
  finalProbes: Record<TargetName, number | undefined>;
  /** Why messages were not sent, and how many. */
  skips: Record<string, number>;
  /** Probes during the run that got no answer (a UA reconnecting after a reset stream is one cause). */
  missedProbes: string[];
  /** Why the campaign failed; empty when it passed. */
  problems: string[];
  /** The last message sent before the end (or the crash). */
  inFlight: Step | undefined;
  /** The last WINDOW messages, oldest first. */
  window: Step[];
  stderr: string;
}

/**
 * Messages kept for a failure report: enough to cover the last second or two, since a crash
 * may come from a timer after the message that caused it (the 100 Trying an INVITE server
 * transaction sends after 200 ms, a 2xx retransmission) or need several messages.
 */
export const WINDOW = 400;
// Groups of steps a target may have waiting; beyond, the oldest are skipped.
const MAX_BACKLOG = 200;
const DRAIN_MS = 10_000;
// A mid-run OPTIONS probe every this many messages, to one target after the other.
const PROBE_EVERY = 250;
const PROBE_MS = 5000;
// The final probes wait longer: a UA may be reconnecting (1 s) after a reset stream.
const FINAL_PROBE_MS = 10_000;

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
  const window: Step[] = [];
  const sentByTarget = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<TargetName, number>;
  const missedProbes: string[] = [];
  let sent = 0;
  let skipped = 0;
  let inFlight: Step | undefined;
  const started = Date.now();
  const rate = options.rate ?? DEFAULT_RATE;
  const deadline = started + options.seconds * 1000;
  let nextProbe = PROBE_EVERY;
  let probeTurn = 0;

  const backlog = new Map<TargetName, Step[][]>(TARGETS.map((t) => [t, []]));
  const queued = (): number => [...backlog.values()].reduce((n, groups) => n + groups.reduce((m, g) => m + g.length, 0), 0);
  /** Send a group of steps; when the target stops being ready midway, the rest goes back to its backlog. */
  const runGroup = async (name: TargetName, group: Step[]): Promise<boolean> => {
    for (const [i, step] of group.entries()) {
      if (!testbed.links.get(name)!.ready) {
        backlog.get(name)!.unshift(group.slice(i));
        return true;
      }
      inFlight = step;
      window.push(step);
      if (window.length > WINDOW) window.shift();
      if ((await testbed.run(step)) === 'sent') {
        sent++;
        sentByTarget[name]++;
        const early = started + (sent * 1000) / rate - Date.now();
        if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
      } else {
        skipped++;
      }
      if (!target.alive) return false;
    }
    return true;
  };
  // Steps for a target that cannot take them now (a UA reconnecting after a reset stream) wait
  // in its backlog while the others go on: each target gets its messages in the order the seed
  // made them, and no time is lost waiting. A target down for long loses its oldest steps.
  const flush = async (): Promise<boolean> => {
    for (const name of TARGETS) {
      const groups = backlog.get(name)!;
      while (groups.length > MAX_BACKLOG) {
        const dropped = groups.shift()!.length;
        skipped += dropped;
        for (let i = 0; i < dropped; i++) testbed.skip(`${name} down too long`);
      }
      while (groups.length > 0 && testbed.links.get(name)!.ready) {
        if (!(await runGroup(name, groups.shift()!))) return false;
      }
    }
    return true;
  };

  campaign: while (sent + skipped + queued() < options.count && Date.now() < deadline && target.alive) {
    const name = rng.pick(TARGETS);
    const group = generateSteps(rng, name);
    const groups = backlog.get(name)!;
    if (groups.length === 0 && testbed.links.get(name)!.ready) {
      if (!(await runGroup(name, group))) break campaign;
    } else {
      groups.push(group);
    }
    if (!(await flush())) break campaign;
    if (sent >= nextProbe) {
      nextProbe += PROBE_EVERY;
      const probed = TARGETS[probeTurn++ % TARGETS.length]!;
      const status = await testbed.probe(probed, probeRng, PROBE_MS);
      if (status !== 200) missedProbes.push(`${probed} after ${sent} messages: ${status ?? 'no answer'}`);
      log(`${sent} sent, ${skipped} skipped, ${Math.round((Date.now() - started) / 1000)} s, rss ${mb(target.healthLog.at(-1)?.rssBytes ?? 0)} MB`);
    }
  }
  // What is still waiting goes out as its target comes back, for a few seconds more at most.
  const drainUntil = Date.now() + DRAIN_MS;
  while (queued() > 0 && target.alive && Date.now() < drainUntil) {
    const waiting = TARGETS.find((name) => backlog.get(name)!.length > 0)!;
    await testbed.links.get(waiting)!.waitReady(Math.max(0, drainUntil - Date.now()));
    if (!(await flush())) break;
  }
  for (const [name, groups] of backlog) for (const group of groups) for (const _ of group) testbed.skip(`${name} down at the end`);
  skipped += queued();
  const elapsedMs = Date.now() - started;
  // Let the last messages be handled before judging.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const finalProbes = {} as Record<TargetName, number | undefined>;
  for (const name of TARGETS) finalProbes[name] = target.alive ? await testbed.probe(name, probeRng, FINAL_PROBE_MS) : undefined;
  const afterGc = await target.healthAfterGc();
  let settled: CampaignReport['settled'];
  if ((options.settleSeconds ?? 0) > 0 && target.alive) {
    log(`waiting ${options.settleSeconds} s for every transaction to end…`);
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds! * 1000));
    const health = await target.healthAfterGc();
    if (health !== undefined) settled = { heapMb: mb(health.heapUsedBytes), coreTransactions: health.coreTransactions, coreDialogs: health.coreDialogs };
  }
  const report: CampaignReport = {
    seed: options.seed,
    sent,
    skipped,
    elapsedMs,
    sentByTarget,
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
    inFlight,
    window,
    stderr: '',
  };
  await testbed.stop();
  report.stderr = target.stderr;
  report.problems = judge(report);
  return report;
}

/** What is wrong with a campaign's outcome, if anything. */
export function judge(report: CampaignReport): string[] {
  const problems: string[] = [];
  // `exit` is read before the fuzzer stops the target: any exit recorded there is a crash.
  if (report.exit !== undefined) problems.push(`the target died: ${describeExit(report.exit)}`);
  if (report.peakRssMb > report.baselineRssMb + RSS_GROWTH_LIMIT_MB) {
    problems.push(`RSS reached ${report.peakRssMb} MB, more than ${RSS_GROWTH_LIMIT_MB} MB above the ${report.baselineRssMb} MB at start`);
  }
  if (report.heapAfterGcMb !== undefined && report.heapAfterGcMb > report.baselineHeapMb + HEAP_GROWTH_LIMIT_MB) {
    problems.push(`heap after GC ${report.heapAfterGcMb} MB, more than ${HEAP_GROWTH_LIMIT_MB} MB above the ${report.baselineHeapMb} MB at start`);
  }
  if (report.settled !== undefined) {
    if (report.settled.heapMb > report.baselineHeapMb + SETTLED_HEAP_GROWTH_LIMIT_MB) {
      problems.push(`heap ${report.settled.heapMb} MB once every transaction had ended, more than ${SETTLED_HEAP_GROWTH_LIMIT_MB} MB above the ${report.baselineHeapMb} MB at start`);
    }
    if (report.settled.coreTransactions > 0) problems.push(`${report.settled.coreTransactions} transactions of the listeners' cores never ended (a leak)`);
  }
  if (report.maxEventLoopMs > EVENT_LOOP_LIMIT_MS) problems.push(`the target's event loop was blocked for ${report.maxEventLoopMs} ms`);
  for (const name of TARGETS) {
    const status = report.finalProbes[name];
    if (status !== 200) problems.push(`OPTIONS over ${name} after the campaign: ${status ?? 'no answer'}`);
  }
  return problems;
}
