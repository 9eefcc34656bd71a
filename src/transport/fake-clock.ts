import type { Clock, TimerHandle } from './clock.js';

interface PendingTimer {
  id: number;
  due: number;
  callback: (arg: unknown) => void;
  arg: unknown;
}

/**
 * A clock that only moves when told to: `advance(ms)` fires, in order, every timer that falls
 * due, including timers set by those callbacks. For deterministic tests of timer behaviour.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout<A = undefined>(callback: (arg: A) => void, ms: number, arg?: A): TimerHandle {
    const timer: PendingTimer = { id: this.nextId++, due: this.time + Math.max(0, ms), callback: callback as (arg: unknown) => void, arg };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Milliseconds until the next timer, or undefined when none is pending. */
  nextDue(): number | undefined {
    if (this.timers.length === 0) return undefined;
    return Math.min(...this.timers.map((t) => t.due)) - this.time;
  }

  /** Move time forward by `ms`, firing due timers in due order (ties in the order they were set). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.timers) if (t.due <= target && (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      next.callback(next.arg);
    }
    this.time = target;
  }
}
