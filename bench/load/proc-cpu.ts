import { readFileSync } from 'node:fs';

// Linux reports a process's CPU time in clock ticks of 1/100 s (USER_HZ) in /proc/<pid>/stat.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of `pid` so far (Linux /proc), or undefined once it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") "; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Polls a child's CPU time until stopped; `percent()` is its CPU over the time watched, in % of a core. */
export function watchCpu(pid: number, everyMs = 250): { stop(): void; percent(): number } {
  const started = performance.now();
  let last = processCpuSeconds(pid) ?? 0;
  let lastAt = started;
  const timer = setInterval(() => {
    const now = processCpuSeconds(pid);
    if (now === undefined) return;
    last = now;
    lastAt = performance.now();
  }, everyMs);
  return {
    stop: () => clearInterval(timer),
    percent: () => (last / Math.max(0.001, (lastAt - started) / 1000)) * 100,
  };
}
