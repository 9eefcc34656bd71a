// The driver process: one per scenario run, so that a UA that hangs or throws ends with its
// scenario and nothing of one run (timers, sockets, registrations) leaks into the next. The
// runner forks it with tsx, sends one DriverJob and gets back CapturedMessages as they happen and
// one ScenarioResult at the end.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Driver } from './driver-api.js';
import { DriverRun } from './driver-context.js';
import { verdict, type CapturedMessage, type ScenarioResult } from './outcome.js';
import type { UaAdapter } from './ua/ua-adapter.js';
import type { TargetParams } from '../targets/target.js';

export interface DriverJob {
  scenarioId: string;
  scenarioDir: string;
  ua: string;
  target: TargetParams;
  timeoutMs: number;
}

export type DriverReport = { type: 'message'; message: CapturedMessage } | { type: 'result'; result: ScenarioResult };

async function loadAdapter(ua: string): Promise<UaAdapter> {
  if (ua === 'sipforge') return (await import('./ua/sipforge.js')).loadSipforge();
  if (ua === 'sip.js-0.7.8') return (await import('./ua/sip-js-0-7-8.js')).loadSipJs078();
  throw new Error(`unknown UA ${ua}`);
}

function send(report: DriverReport): Promise<void> {
  return new Promise((resolve) => process.send!(report, undefined, {}, () => resolve()));
}

async function run(job: DriverJob): Promise<ScenarioResult> {
  const started = Date.now();
  const adapter = await loadAdapter(job.ua);
  const context = new DriverRun(adapter, job.ua, job.target, job.scenarioDir, (message) => void send({ type: 'message', message }));
  let error: string | undefined;
  // A driver bound to wait forever must still leave time to clean up within the runner's limit.
  const budget = Math.max(1000, job.timeoutMs - 8000);
  try {
    const driver = ((await import(pathToFileURL(join(job.scenarioDir, 'driver.ts')).href)) as { default: Driver }).default;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the scenario did not finish within ${budget} ms`)), budget);
    });
    // An exception the UA throws from one of its own callbacks (a socket event, a timer) ends the
    // scenario as failed with that error, instead of the process.
    const crashed = new Promise<never>((_, reject) => {
      process.on('uncaughtException', (thrown) => {
        const text = `uncaught ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`;
        stray.push(thrown instanceof Error ? (thrown.stack ?? text) : text);
        reject(new Error(text));
      });
    });
    await Promise.race([driver(context), timeout, crashed]).finally(() => clearTimeout(timer));
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  try {
    await context.close();
  } catch (thrown) {
    context.log.push(`cleaning up failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
  const { status, reason } = verdict(context.checks, error);
  return {
    id: job.scenarioId,
    ua: job.ua,
    status,
    ...(reason === undefined ? {} : { reason }),
    durationMs: Date.now() - started,
    checks: context.checks,
    messages: context.messages.sort((a, b) => a.time - b.time),
    log: [...context.log, ...stray],
  };
}

// A rejection nobody awaited (an event a driver stopped waiting for) is noted, not fatal.
const stray: string[] = [];
process.on('unhandledRejection', (reason) => stray.push(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));

process.once('message', (job: DriverJob) => {
  run(job)
    .then((result) => send({ type: 'result', result }))
    .then(() => process.exit(0))
    .catch((thrown: unknown) => {
      process.stderr.write(`${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`);
      process.exit(1);
    });
});
