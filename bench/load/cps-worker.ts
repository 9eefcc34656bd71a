// The UAS of the calls-per-second benchmark (bench/load/cps.ts) in its own process
// (bench/load/listening-uas.ts). `node --expose-gc <bundle> <port>`. IPC: `listening`; on `sample`, CPU (since the last sample), RSS and calls seen.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startListeningUas } from './listening-uas.js';

export interface CpsSample {
  kind: 'sample';
  cpuMs: number;
  ms: number;
  rss: number;
  answered: number;
  ended: number;
  /** Calls still in `ua.sessions`, and the heap after a full GC (on `settled` only: a GC is not free). */
  sessions: number;
  heapUsed?: number;
  /** Event-loop delay since the last sample (ms): how late the UA ran what was due, p99 and worst. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const port = Number(process.argv[2]);
const uas = await startListeningUas(port);
process.send?.({ kind: 'listening' });

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let cpu = process.cpuUsage();
let at = performance.now();
process.on('message', (message) => {
  if (message === 'sample' || message === 'settled') {
    if (message === 'settled') (globalThis as { gc?: () => void }).gc?.();
    const used = process.cpuUsage(cpu);
    const now = performance.now();
    process.send?.({ kind: 'sample', cpuMs: (used.user + used.system) / 1000, ms: now - at, rss: process.memoryUsage().rss, answered: uas.answered, ended: uas.ended, sessions: Object.keys(uas.ua.sessions).length, ...(message === 'settled' ? { heapUsed: process.memoryUsage().heapUsed } : {}), loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6 } satisfies CpsSample);
    loop.reset();
    cpu = process.cpuUsage();
    at = now;
  } else if (message === 'exit') process.exit(0);
});
