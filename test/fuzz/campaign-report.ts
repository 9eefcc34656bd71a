import { describeExit, type Exit } from './harness/target-process.js';
import { EVENT_LOOP_LIMIT_MS, HEAP_GROWTH_LIMIT_MB, RSS_GROWTH_LIMIT_MB, SETTLED_HEAP_GROWTH_LIMIT_MB } from './limits.js';
import { TARGETS, type Step, type TargetName } from './step.js';

/** What a campaign did and measured, and what went wrong. */
export interface CampaignReport {
  seed: number;
  sent: number;
  skipped: number;
  elapsedMs: number;
  sentByTarget: Record<TargetName, number>;
  /** How the target ended before the fuzzer stopped it; undefined when it was still running. */
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
  /** The last messages sent, oldest first. */
  window: Step[];
  stderr: string;
}

/** What is wrong with a campaign's outcome, if anything. */
export function judge(report: CampaignReport): string[] {
  const problems: string[] = [];
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
