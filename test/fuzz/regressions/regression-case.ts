import type { Testbed } from '../harness/testbed.js';
import type { Step, TargetName } from '../step.js';

/**
 * A crash or exhaustion of issue 7 ("Crashes and resource exhaustion from the network") as
 * concrete messages, with what must happen: the target survives, answers the last message
 * as `answer` says, stays within its CPU budget, and answers OPTIONS over `target` afterwards.
 */
export interface RegressionCase {
  name: string;
  /** The class of defect, in the issue's words. */
  issue: string;
  /** Where the OPTIONS after the case goes (the steps' target). */
  target: TargetName;
  steps: () => Step[];
  /**
   * Statuses allowed for the final answer to the last step (found by its `marker`); 'none'
   * allows no answer. Undefined: not checked (responses to the UA's own requests).
   */
  answer?: ReadonlyArray<number | 'none'>;
  /** The target's CPU time over the whole case, at most (ms): linear work, or an early refusal. */
  cpuBudgetMs?: number;
  /** The CPU cost of the second half of the steps at most this many times the first half's: per-message cost does not grow. */
  linearCpu?: boolean;
  /**
   * Afterwards the TCP listener's core holds no transaction: the case sends non-INVITE requests
   * over core-tcp, whose transactions end as soon as they are answered (RFC 3261 §17.2.2, Timer J
   * is 0 on a reliable transport), so one left over was never answered and leaks.
   */
  noTransactionLeft?: boolean;
  /** Send this many steps between waits for the target (floods); default 1. */
  burst?: number;
  /**
   * How long the OPTIONS afterwards may take to be answered, ms, asked again every few seconds
   * (on a fresh connection for TCP); default 15 s, time for a UA that lost its connection to reconnect.
   */
  probeWithinMs?: number;
  /** Work before the steps (e.g. open idle connections). */
  prepare?: (testbed: Testbed) => Promise<void>;
  /** The whole case, at most (ms); default 20 s. */
  timeoutMs?: number;
}
