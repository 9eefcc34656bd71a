import type { Clock, TimerHandle } from './clock.js';
import { DATAGRAMS_PER_TURN, datagramTally } from './datagram-tally.js';

/** Runs `run` once the input the platform has already received has been handled. */
export type AfterInput = (run: () => void) => void;

// Node runs due timers before it reads its sockets in each turn of the event loop, and immediates
// after; a browser queues a new task behind the messages already queued.
const afterInput: AfterInput = typeof globalThis.setImmediate === 'function' ? (run) => globalThis.setImmediate(run) : (run) => globalThis.setTimeout(run, 0);

/** How input already received is counted: datagrams read so far, and the most one turn reads. */
export interface InputBacklog {
  received(): number;
  perTurn: number;
}

const datagramBacklog: InputBacklog = { received: () => datagramTally.received, perTurn: DATAGRAMS_PER_TURN };

/**
 * The longest a due timer waits behind a backlog: under lasting overload the retransmissions still
 * go out, 200 ms late at most (less than T1, so a request's retransmission schedule keeps its order).
 */
export const MAX_BACKLOG_WAIT_MS = 200;

interface InputFirstTimer {
  base: TimerHandle;
  cleared: boolean;
}

/**
 * A clock whose timers, once due, first let the input already received be handled. After the
 * process stalled (a GC pause, a busy turn), a due Timer G or 2xx retransmission timer would
 * otherwise fire before the ACK waiting in the socket is read, and resend what the peer has
 * already acknowledged (RFC 3261 §13.3.1.4, §17.2.1: retransmit only until the ACK arrives).
 * Node reads at most `perTurn` datagrams of a socket per turn, so a deep backlog takes many turns:
 * the timer waits while each turn reads a full batch, up to MAX_BACKLOG_WAIT_MS.
 */
export function inputFirstClock(base: Clock, after: AfterInput = afterInput, backlog: InputBacklog = datagramBacklog): Clock {
  return {
    now: () => base.now(),
    setTimeout: (callback, ms, arg) => {
      const timer: InputFirstTimer = { base: undefined, cleared: false };
      timer.base = base.setTimeout(() => {
        const due = base.now();
        let seen = backlog.received();
        const check = (): void => {
          if (timer.cleared) return;
          const received = backlog.received();
          if (received - seen >= backlog.perTurn && base.now() - due < MAX_BACKLOG_WAIT_MS) {
            seen = received;
            after(check);
          } else callback(arg!);
        };
        after(check);
      }, ms);
      return timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as InputFirstTimer;
      timer.cleared = true;
      base.clearTimeout(timer.base);
    },
  };
}
