/** An opaque timer handle, as returned by `Clock.setTimeout`. */
export type TimerHandle = unknown;

/**
 * Where the stack gets time from. Every timer of the transport and transaction layers goes
 * through one, so tests drive time with a FakeClock instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  /**
   * Call `callback(arg)` once `ms` have passed. The argument lets one function serve the timers of
   * many objects (each transaction's timers are such a function and the transaction, not a closure).
   */
  setTimeout<A = undefined>(callback: (arg: A) => void, ms: number, arg?: A): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock (the platform's timers); works in Node and in browsers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms, arg) => globalThis.setTimeout(callback, ms, arg),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
