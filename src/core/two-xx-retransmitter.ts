import type { SipResponse } from '../syntax/index.js';
import type { Clock, TimerHandle } from '../transport/clock.js';
import type { TimerSettings } from '../transaction/index.js';

/**
 * RFC 3261 §13.3.1.4: the UAS core, not the transaction, retransmits a 2xx to INVITE —
 * at T1, doubling up to T2 — until the ACK arrives, on every transport; after 64*T1
 * without an ACK the session must be ended (the caller is told through `onNoAck`).
 */
export class TwoXxRetransmitter {
  private timer: TimerHandle | undefined;
  private interval: number;
  private readonly deadline: number;
  private stopped = false;

  constructor(
    private readonly response: SipResponse,
    private readonly send: (response: SipResponse) => void,
    private readonly clock: Clock,
    private readonly timers: TimerSettings,
    private readonly onNoAck: () => void,
  ) {
    this.interval = timers.T1;
    this.deadline = clock.now() + 64 * timers.T1;
    this.schedule();
  }

  /** The ACK arrived (or the dialog ended): stop retransmitting. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const remaining = this.deadline - this.clock.now();
    const wait = Math.min(this.interval, remaining);
    this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.clock.now() >= this.deadline) {
      this.stopped = true;
      this.onNoAck();
      return;
    }
    this.send(this.response);
    this.interval = Math.min(this.interval * 2, this.timers.T2);
    this.schedule();
  }
}
