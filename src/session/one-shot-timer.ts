import type { Clock, TimerHandle } from '../transport/index.js';

/** One timer on the injected clock that can be (re)started and cleared; starting it again replaces the pending run. */
export class OneShotTimer {
  private handle: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  get running(): boolean {
    return this.handle !== undefined;
  }

  start(ms: number, fire: () => void): void {
    this.clear();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      fire();
    }, ms);
  }

  clear(): void {
    if (this.handle === undefined) return;
    this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
