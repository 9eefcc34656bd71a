import type { Clock, TimerHandle } from './clock.js';

/** Runs `run` once the input the platform has already received has been handled. */
export type AfterInput = (run: () => void) => void;

// Node runs due timers before it reads its sockets in each turn of the event loop, and immediates
// after; a browser queues a new task behind the messages already queued.
const afterInput: AfterInput = typeof globalThis.setImmediate === 'function' ? (run) => globalThis.setImmediate(run) : (run) => globalThis.setTimeout(run, 0);

interface InputFirstTimer {
  base: TimerHandle;
  cleared: boolean;
}

/**
 * A clock whose timers, once due, first let the input already received be handled. After the
 * process stalled (a GC pause, a busy turn), a due Timer G or 2xx retransmission timer would
 * otherwise fire before the ACK waiting in the socket is read, and resend what the peer has
 * already acknowledged (RFC 3261 §13.3.1.4, §17.2.1: retransmit only until the ACK arrives).
 */
export function inputFirstClock(base: Clock, after: AfterInput = afterInput): Clock {
  return {
    now: () => base.now(),
    setTimeout: (callback, ms) => {
      const timer: InputFirstTimer = { base: undefined, cleared: false };
      timer.base = base.setTimeout(
        () =>
          after(() => {
            if (!timer.cleared) callback();
          }),
        ms,
      );
      return timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as InputFirstTimer;
      timer.cleared = true;
      base.clearTimeout(timer.base);
    },
  };
}
