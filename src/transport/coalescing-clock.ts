import type { Clock, TimerHandle } from './clock.js';

interface QueuedTimer {
  due: number;
  /** Undefined once the timer has fired or been cleared. */
  callback: ((arg: unknown) => void) | undefined;
  arg: unknown;
  queue: DurationQueue;
}

/** The timers of one duration, in the order they were set: that is also the order they fall due. */
interface DurationQueue {
  timers: QueuedTimer[];
  /** Index of the first timer not yet fired. */
  head: number;
  /** Timers neither fired nor cleared: at none, the base timer of a long queue goes, so that it keeps no process alive. */
  live: number;
  ms: number;
  /** The one timer of the base clock that serves the queue, while it has timers. */
  armed: TimerHandle | undefined;
  firing: boolean;
}

// A queue's fired prefix and cleared timers are dropped once they are this many and more than half of it (`compact`).
const COMPACT_FROM = 1024;

// A queue of timers this short keeps its platform timer when its last live timer is cleared: a
// 100 Trying or 2xx retransmission timer is set and cleared for nearly every call, and one
// platform timer then serves all those of its window. Longer ones let go at once, so that
// nothing keeps a process that is done waiting; this one keeps it at most a second.
const KEEP_ARMED_UP_TO_MS = 1000;

/**
 * Drop what a queue no longer needs, once it is at least COMPACT_FROM timers and more than half of
 * the queue: its fired prefix, and its cleared timers. A cleared timer otherwise stays until the
 * queue reaches its due time (a no-answer or session timer cleared at every call's end would be kept
 * for minutes). Each drop at least halves the queue, so it costs O(1) per timer. Never while the
 * queue fires: the firing loop walks the list it found.
 */
function compact(queue: DurationQueue): void {
  const { timers, head } = queue;
  const waiting = timers.length - head;
  const longPrefix = head >= COMPACT_FROM && head * 2 > timers.length;
  const mostlyCleared = waiting >= COMPACT_FROM && queue.live * 2 <= waiting;
  if (!longPrefix && !mostlyCleared) return;
  const kept: QueuedTimer[] = [];
  for (let i = head; i < timers.length; i++) {
    const timer = timers[i]!;
    if (timer.callback !== undefined) kept.push(timer);
  }
  queue.timers = kept;
  queue.head = 0;
}

/**
 * A clock that keeps the timers of each duration in one queue, served by a single timer of
 * `base`. A UAS sets the same few durations for every call (64*T1 for Timers L, J and H, T1 for
 * a 2xx, 200 ms for a 100 Trying), and keeps Timers L and J for 32 s after each call ends:
 * one small record per timer then replaces the platform timer and its closures. Timers of one
 * duration fall due in the order they are set, so the queue is never sorted.
 *
 * Timers fire in due order, ties in the order they were set, as with `base` alone. A timer that
 * throws does not hold up the others: the queue is re-armed before the error goes on.
 */
export function coalescingClock(base: Clock): Clock {
  const queues = new Map<number, DurationQueue>();

  /** Arm the base timer for the first live timer; a queue without any is dropped. */
  const arm = (queue: DurationQueue): void => {
    const timers = queue.timers;
    while (queue.head < timers.length && timers[queue.head]!.callback === undefined) queue.head += 1;
    const next = timers[queue.head];
    if (next === undefined) {
      if (queues.get(queue.ms) === queue) queues.delete(queue.ms);
      return;
    }
    compact(queue);
    queue.armed = base.setTimeout(() => fire(queue), Math.max(0, next.due - base.now()));
  };

  const fire = (queue: DurationQueue): void => {
    queue.armed = undefined;
    queue.firing = true;
    try {
      const timers = queue.timers;
      for (let timer = timers[queue.head]; timer !== undefined && timer.due <= base.now(); timer = timers[queue.head]) {
        queue.head += 1;
        const callback = timer.callback;
        if (callback === undefined) continue;
        const arg = timer.arg;
        timer.callback = undefined;
        timer.arg = undefined;
        queue.live -= 1;
        callback(arg);
      }
    } finally {
      queue.firing = false;
      arm(queue);
    }
  };

  return {
    now: () => base.now(),
    setTimeout: (callback, ms, arg) => {
      const delay = Math.max(0, ms);
      let queue = queues.get(delay);
      if (queue === undefined) {
        queue = { timers: [], head: 0, live: 0, ms: delay, armed: undefined, firing: false };
        queues.set(delay, queue);
      }
      const timer: QueuedTimer = { due: base.now() + delay, callback: callback as (arg: unknown) => void, arg, queue };
      queue.timers.push(timer);
      queue.live += 1;
      // While the queue fires, a timer it is given is looked at before the queue is armed again.
      if (queue.armed === undefined && !queue.firing) arm(queue);
      return timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as QueuedTimer | undefined;
      if (timer?.callback === undefined) return;
      // A cleared timer stays in its queue until the queue reaches it: let go of what it would have called.
      timer.callback = undefined;
      timer.arg = undefined;
      const queue = timer.queue;
      queue.live -= 1;
      if (queue.live > 0 || queue.firing || queue.ms <= KEEP_ARMED_UP_TO_MS) {
        if (!queue.firing) compact(queue);
        return;
      }
      base.clearTimeout(queue.armed);
      queue.armed = undefined;
      queues.delete(queue.ms);
    },
  };
}
