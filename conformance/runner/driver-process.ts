import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { DriverJob, DriverReport } from './driver-host.js';
import type { CapturedMessage, ScenarioResult } from './outcome.js';

const HOST = join(import.meta.dirname, 'driver-host.ts');

/**
 * Run one scenario's driver in a process of its own (tsx), so that whatever the UA under test leaves
 * behind — timers, sockets, a hung promise — ends with it. The process is killed (by pid) when it
 * overruns the scenario's limit; the result then says so.
 */
export function runDriver(job: DriverJob, onMessage: (message: CapturedMessage) => void): Promise<ScenarioResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const messages: CapturedMessage[] = [];
    let stderr = '';
    let result: ScenarioResult | undefined;
    child.stdout!.on('data', () => undefined);
    child.stderr!.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), job.timeoutMs);
    child.on('message', (report: DriverReport) => {
      if (report.type === 'message') {
        messages.push(report.message);
        onMessage(report.message);
      } else result = report.result;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) {
        resolve(result);
        return;
      }
      const why = signal === 'SIGKILL' ? `the driver did not end within ${job.timeoutMs} ms and was killed` : `the driver process ended with ${code ?? signal} before its result`;
      resolve({
        id: job.scenarioId,
        ua: job.ua,
        status: 'failed',
        reason: why,
        durationMs: Date.now() - started,
        checks: [],
        messages: messages.sort((a, b) => a.time - b.time),
        log: stderr === '' ? [] : [stderr],
      });
    });
    child.send(job);
  });
}
