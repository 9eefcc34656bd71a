import { crashExcerpt } from '../crash-excerpt.js';
import type { Testbed } from '../harness/testbed.js';
import { EVENT_LOOP_LIMIT_MS, maxEventLoopDelay } from '../limits.js';
import { Random } from '../random.js';
import type { RegressionCase } from './regression-case.js';

// How long an answer that must come may take; when no answer is allowed, how long to watch.
const ANSWER_MS = 3000;
const QUIET_MS = 1000;
const PROBE_MS = 5000;
// Linear work: the second half of a flood may cost this much more than the first (GC, timers), not the 3× a scan costs.
const LINEAR_FACTOR = 1.5;
const LINEAR_SLACK_MS = 300;

export interface CaseResult {
  /** What went wrong; empty when the case passed. */
  problems: string[];
  /** The final status of the answer to the last step, when one came. */
  status: number | undefined;
  cpuMs: number | undefined;
  /** Measurements worth showing (CPU split of a flood, longest event-loop delay). */
  notes: string[];
  /** The crash report of the target, when it died. */
  crash: string | undefined;
  /** The target died or the case timed out: the next case needs a fresh target. */
  broken: boolean;
}

async function cpuNow(testbed: Testbed): Promise<number | undefined> {
  return (await testbed.target.healthAfterGc())?.cpuMs;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const result = await Promise.race([work, timeout]);
  clearTimeout(timer);
  return result;
}

/** Run one regression case against a live testbed and judge it. */
export async function runCase(testbed: Testbed, kase: RegressionCase): Promise<CaseResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  const target = testbed.target;
  const before = await testbed.target.healthAfterGc();
  const cpuBefore = before?.cpuMs;
  const healthFrom = target.healthLog.length;
  let status: number | undefined;
  let halfCpu: number | undefined;
  let cancelled = false;

  const work = async (): Promise<void> => {
    await kase.prepare?.(testbed);
    const steps = kase.steps();
    const burst = kase.burst ?? 1;
    for (const [i, step] of steps.entries()) {
      if (cancelled) return;
      const last = i === steps.length - 1;
      const waitsForAnswer = last && kase.answer !== undefined && step.marker !== undefined;
      const answer = waitsForAnswer
        ? testbed.answers.wait(step.target, step.marker!, kase.answer!.includes('none') ? QUIET_MS : ANSWER_MS, (m) => (m.status ?? 0) >= 200)
        : undefined;
      await testbed.run(step, { sync: last || (i + 1) % burst === 0 });
      if (!target.alive) return;
      if (kase.linearCpu && i === Math.floor(steps.length / 2) - 1) halfCpu = await cpuNow(testbed);
      if (answer !== undefined) status = (await answer)?.status;
    }
  };
  const outcome = await withTimeout(work(), kase.timeoutMs ?? 20_000);
  if (outcome === 'timeout') {
    cancelled = true;
    problems.push(`not done within ${kase.timeoutMs ?? 20_000} ms`);
  }

  if (!target.alive) {
    return { problems: [...problems, 'the target died'], status, cpuMs: undefined, notes, crash: crashExcerpt(target.stderr), broken: true };
  }
  if (kase.answer !== undefined && outcome !== 'timeout') {
    const got = status ?? 'none';
    if (!kase.answer.includes(got)) problems.push(`answer ${got}, expected ${kase.answer.join(' or ')}`);
  }
  const after = await testbed.target.healthAfterGc();
  const cpuAfter = after?.cpuMs;
  const leaked = (after?.coreTcpTransactions ?? 0) - (before?.coreTcpTransactions ?? 0);
  if (kase.noTransactionLeft && leaked > 0) problems.push(`${leaked} transaction(s) of the TCP listener never ended (never answered: a leak)`);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round(cpuAfter - cpuBefore);
  if (kase.cpuBudgetMs !== undefined && cpuMs !== undefined && cpuMs > kase.cpuBudgetMs) {
    problems.push(`the target spent ${cpuMs} ms of CPU, more than ${kase.cpuBudgetMs} ms`);
  }
  if (kase.linearCpu && halfCpu !== undefined && cpuBefore !== undefined && cpuAfter !== undefined) {
    const first = halfCpu - cpuBefore;
    const second = cpuAfter - halfCpu;
    notes.push(`CPU ${Math.round(first)} ms for the first half, ${Math.round(second)} ms for the second`);
    if (second > first * LINEAR_FACTOR + LINEAR_SLACK_MS) {
      problems.push(`the second half cost ${Math.round(second)} ms of CPU, the first ${Math.round(first)} ms: the cost per message grows`);
    }
  }
  const blocked = Math.round(maxEventLoopDelay(target.healthLog.slice(healthFrom)));
  notes.push(`CPU ${cpuMs ?? '?'} ms, longest event-loop delay ${blocked} ms`);
  if (blocked > EVENT_LOOP_LIMIT_MS) problems.push(`the target's event loop was blocked for ${blocked} ms`);
  const rng = new Random(7);
  // A case may rightly cost the UA its connection (a framing error or an oversized WebSocket message closes
  // it); the UA reconnects on its own within seconds, so the probe is tried again for a while.
  const probeUntil = Date.now() + (kase.probeWithinMs ?? 3 * PROBE_MS);
  let probe = await testbed.probe(kase.target, rng, PROBE_MS);
  while (probe !== 200 && target.alive && Date.now() + PROBE_MS <= probeUntil) probe = await testbed.probe(kase.target, rng, PROBE_MS);
  if (probe !== 200) problems.push(`OPTIONS over ${kase.target} afterwards: ${probe ?? 'no answer'}`);
  if (!target.alive) return { problems: [...problems, 'the target died'], status, cpuMs, notes, crash: crashExcerpt(target.stderr), broken: true };
  return { problems, status, cpuMs, notes, crash: undefined, broken: cancelled || probe !== 200 };
}
