import { readFileSync } from 'node:fs';

/** The last (cumulative) line of a SIPp `-trace_stat` file, by column name (`SuccessfulCall(C)` …). */
export function lastStatLine(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const names = (lines[0] ?? '').split(';');
  const values = (lines.at(-1) ?? '').split(';');
  return Object.fromEntries(names.map((name, i) => [name.trim(), (values[i] ?? '').trim()]));
}

/** Response times (ms) of a SIPp `-trace_rtt` file: `Date_ms;response_time_ms;rtd_no` lines. */
export function responseTimes(path: string): number[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(';')[1]))
    .filter((ms) => Number.isFinite(ms));
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
