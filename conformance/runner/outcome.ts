/** One SIP message on the wire, as the UA's traceSip log or SIPp's -trace_msg saw it. */
export interface CapturedMessage {
  /** Wall-clock time, ms since the epoch. */
  time: number;
  /** Column it leaves: a UA's name (`alice`), `server`, or a SIPp's name (`sipp carol`). */
  from: string;
  to: string;
  /** Where it was captured (`alice` for the UA's trace, the SIPp's name for its trace). */
  capturedBy: string;
  /** The whole message as it went on the wire. */
  text: string;
}

/** One expectation of a driver and what was seen instead (or too). */
export interface Check {
  label: string;
  ok: boolean;
  expected: string;
  seen: string;
  /** When it was made (ms since the epoch): the ladder marks the last message before it when `message` is not given. */
  time: number;
  /** The message the check is about, as on the wire (the ladder highlights it). */
  message?: string;
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

/** What one scenario run with one UA came to. */
export interface ScenarioResult {
  id: string;
  ua: string;
  status: ScenarioStatus;
  /** Why it was skipped, or the error that ended the driver. */
  reason?: string;
  durationMs: number;
  checks: Check[];
  messages: CapturedMessage[];
  /** The driver's own notes and the SIPp outputs, in order. */
  log: string[];
}

/** Everything one `npm run conformance` wrote for one UA: kept so that a later run can show both columns. */
export interface RunRecord {
  ua: string;
  /** The UA's version as its package says (sipforge's git commit when known). */
  uaVersion: string;
  target: string;
  server: string;
  startedAt: string;
  durationMs: number;
  results: ScenarioResult[];
  /** The server's (or the compose stack's) log, for the report. */
  serverLog: string;
}

/**
 * The verdict of one driver run: failed when the driver threw (or ran out of time), when any check
 * failed, or when it made no check at all (a driver that checks nothing proves nothing).
 */
export function verdict(checks: readonly Check[], error: string | undefined): { status: 'passed' | 'failed'; reason?: string } {
  if (error !== undefined) return { status: 'failed', reason: error };
  if (checks.length === 0) return { status: 'failed', reason: 'the driver made no checks' };
  const failed = checks.find((check) => !check.ok);
  if (failed !== undefined) return { status: 'failed', reason: `${failed.label}: expected ${failed.expected}, seen ${failed.seen}` };
  return { status: 'passed' };
}
