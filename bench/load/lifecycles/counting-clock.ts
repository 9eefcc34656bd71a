import type { Clock, TimerHandle } from '../../../src/transport/index.js';

/**
 * The real clock, counting the timers set and not yet fired or cleared: the UA's live timers.
 * `scale` shortens every timer (tests of the harness only; the benchmark keeps 1).
 */
export class CountingClock implements Clock {
  private readonly live = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly scale = 1) {}

  get pending(): number {
    return this.live.size;
  }

  now(): number {
    return Date.now();
  }

  setTimeout<A = undefined>(callback: (arg: A) => void, ms: number, arg?: A): TimerHandle {
    const handle = setTimeout(() => {
      this.live.delete(handle);
      callback(arg!);
    }, ms * this.scale);
    this.live.add(handle);
    return handle as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = handle as unknown as ReturnType<typeof setTimeout>;
    clearTimeout(timer);
    this.live.delete(timer);
  }
}
