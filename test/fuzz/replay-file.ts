import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CampaignReport } from './campaign-report.js';
import type { Step } from './step.js';

/** A replay file: the steps to send again, in order (`npm run fuzz -- --replay file`). */
export interface ReplayFile {
  seed?: number;
  description: string;
  steps: Step[];
}

export function readReplayFile(path: string): ReplayFile {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as ReplayFile | Step[];
  return Array.isArray(parsed) ? { description: path, steps: parsed } : parsed;
}

export function defaultOutputDir(seed: number): string {
  return join(tmpdir(), 'sipforge-fuzz', `seed-${seed}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}

/**
 * Write what a failed campaign leaves for people and for replay: `in-flight.json` (the message
 * sent last), `window.json` (the last messages, for a crash that needs several), `stderr.txt`
 * (the target's, with the stack) and `report.json`. Returns the directory.
 */
export function writeFailure(dir: string, report: CampaignReport): string {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, steps: Step[], description: string): void => void writeReplayFile(dir, name, { seed: report.seed, description, steps });
  if (report.inFlight !== undefined) file('in-flight.json', [report.inFlight], `the message in flight when seed ${report.seed} failed`);
  file('window.json', report.window, `the last ${report.window.length} messages of seed ${report.seed}, oldest first`);
  writeFileSync(join(dir, 'stderr.txt'), report.stderr);
  const { window: _window, stderr: _stderr, ...summary } = report;
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return dir;
}

/** Write one replay file; returns its path. */
export function writeReplayFile(dir: string, name: string, content: ReplayFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}
