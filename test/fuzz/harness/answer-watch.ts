import type { TargetName } from '../step.js';
import type { WireMessage } from './wire-message.js';

interface Waiter {
  target: TargetName;
  marker: string;
  accept: (message: WireMessage) => boolean;
  resolve: (message: WireMessage | undefined) => void;
  timer: NodeJS.Timeout;
}

/** Waits for the target's answers to the fuzzer's requests, recognised by a marker they contain (the Call-ID). */
export class AnswerWatch {
  private waiters: Waiter[] = [];

  /** The first answer over `target` containing `marker` that `accept` takes, or undefined after `timeoutMs`. */
  wait(target: TargetName, marker: string, timeoutMs: number, accept: (message: WireMessage) => boolean = () => true): Promise<WireMessage | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        target,
        marker,
        accept,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(undefined);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  deliver(target: TargetName, message: WireMessage): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.target !== target || !message.raw.includes(waiter.marker) || !waiter.accept(message)) continue;
      clearTimeout(waiter.timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    }
  }

  cancelAll(): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
  }
}
