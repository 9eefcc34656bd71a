import { OneShotTimer } from '../one-shot-timer.js';
import type { Clock } from '../../transport/index.js';
import { DTMF_PAUSE_MS, type DtmfPlan } from './dtmf-options.js';

/** Sends one digit: in the media (RFC 4733) or by INFO, as the session decides. */
export type DigitSender = (tone: string, plan: DtmfPlan) => void;

/**
 * The digits of successive `dtmf()` calls, sent one at a time in order: each digit, then its
 * duration and the gap before the next (a comma waits 2 s), on the session's clock. Legacy
 * SIP.js queued them the same way, so that digits given in two calls never interleave.
 */
export class DtmfSender {
  private readonly queue: Array<{ tone: string; plan: DtmfPlan }> = [];
  private readonly timer: OneShotTimer;

  constructor(
    clock: Clock,
    private readonly send: DigitSender,
  ) {
    this.timer = new OneShotTimer(clock);
  }

  enqueue(plan: DtmfPlan): void {
    for (const tone of plan.tones) this.queue.push({ tone, plan });
    if (!this.timer.running) this.next();
  }

  /** Drop what is not sent yet (the session ended). */
  stop(): void {
    this.queue.length = 0;
    this.timer.clear();
  }

  private next(): void {
    const item = this.queue.shift();
    if (item === undefined) return;
    const { tone, plan } = item;
    if (tone === ',') {
      this.timer.start(DTMF_PAUSE_MS, () => this.next());
      return;
    }
    this.send(tone, plan);
    this.timer.start(plan.duration + plan.interToneGap, () => this.next());
  }
}
