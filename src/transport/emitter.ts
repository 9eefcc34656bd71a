type Listener = (...args: never[]) => void;

/** Methods for some events of an emitter, each called with the relay's target as `this` (`relayTo`). */
export type EventRelay<Events extends { [K in keyof Events]: Listener }, T> = {
  [E in keyof Events]?: (this: T, ...args: Parameters<Events[E]>) => void;
};

// Slots per listener in an emitter's list: event, listener, once; for a relay: RELAY, target, handlers.
const SLOTS = 3;
const RELAY = Symbol('relay');

/** Where an emitter reports a listener that threw: the event's name and what was thrown. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

/**
 * The default report of a listener that threw: the platform console's error level, the one log
 * that exists in browsers and Node alike. Owners with a logger replace it (`onListenerError`).
 */
export const consoleListenerErrorHandler: ListenerErrorHandler = (error, event) => {
  console.error(`sipforge: a listener of '${event}' threw; the error was caught and the emitter carries on:`, error);
};

/**
 * A small typed event emitter that runs in browsers and Node alike (Node's `events` module
 * must not be reachable from the browser entry). A listener that throws does not stop the
 * others, nor the emitter's caller — often a socket callback delivering a message from the
 * network, where an exception would end a Node process that has no handler for it. The error
 * is reported to `onListenerError` (error level) and never re-thrown, not even asynchronously:
 * a bug in an application's listener must not take the UA down with it.
 */
export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  // Every listener of every event in one flat list, three slots each: event (a PropertyKey rather than
  // `keyof Events`, so that an emitter of more events is still an emitter of the ones it shares: a media
  // handler with ICE events is a SessionDescriptionHandler), listener, once. Made at the first listener
  // and replaced, never changed in place (exactly sized; `emit` walks the list it found without a copy).
  // A process holds thousands of idle UAs, each with a dozen emitters holding one to six listeners: a
  // Map of lists with an entry object per listener cost about 0.9 KB per emitter (bench/LOAD-RESULTS.md,
  // many UAs); an emitter has so few listeners that a linear walk is as fast as a lookup.
  private listeners: ReadonlyArray<unknown> | undefined;

  /** Where errors thrown by listeners go; by default the console's error level. Must not throw itself. */
  onListenerError: ListenerErrorHandler = consoleListenerErrorHandler;

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, false);
    return this;
  }

  /**
   * Follow this emitter's events with `handlers`, one shared object of methods called with `target`
   * as `this`: an object made per call that follows a dozen events of another adds one entry, and no
   * closure of its own. Ended by `removeAllListeners()`.
   */
  relayTo<T>(target: T, handlers: EventRelay<Events, T>): this {
    this.add(RELAY, target, handlers);
    return this;
  }

  /** End the relays to `target` (`relayTo`). */
  stopRelay(target: unknown): this {
    const list = this.listeners;
    if (list === undefined) return this;
    const kept: unknown[] = [];
    for (let i = 0; i < list.length; i += SLOTS) if (list[i] !== RELAY || list[i + 1] !== target) kept.push(list[i], list[i + 1], list[i + 2]);
    if (kept.length !== list.length) this.listeners = kept.length === 0 ? undefined : kept.slice();
    return this;
  }

  /**
   * Report the errors of this emitter's listeners where `owner` reports its own, through whatever handler
   * `owner` has when one happens. Made with a bound function, not a closure: an object made per call whose
   * field held a closure over its owner kept the call's objects through every young-generation collection
   * until the next full one (bench/LOAD-RESULTS.md, calls per second).
   */
  reportErrorsTo(owner: Emitter<never>): this {
    this.onListenerError = reportThrough.bind(owner as Emitter<Record<string, Listener>>);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, true);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    const list = this.listeners;
    if (list === undefined) return this;
    for (let i = 0; i < list.length; i += SLOTS) {
      if (list[i] === event && list[i + 1] === listener) {
        this.listeners = list.length === SLOTS ? undefined : list.slice(0, i).concat(list.slice(i + SLOTS));
        break;
      }
    }
    return this;
  }

  removeAllListeners(event?: keyof Events): this {
    const list = this.listeners;
    if (event === undefined || list === undefined) this.listeners = undefined;
    else {
      const kept: unknown[] = [];
      for (let i = 0; i < list.length; i += SLOTS) if (list[i] !== event) kept.push(list[i], list[i + 1], list[i + 2]);
      this.listeners = kept.length === 0 ? undefined : kept.slice();
    }
    return this;
  }

  listenerCount(event: keyof Events): number {
    const list = this.listeners;
    let count = 0;
    if (list === undefined) return 0;
    for (let i = 0; i < list.length; i += SLOTS) {
      if (list[i] === event || (list[i] === RELAY && (list[i + 2] as Record<PropertyKey, unknown>)[event] !== undefined)) count++;
    }
    return count;
  }

  /** Call every listener of `event`; returns whether there was any. Never throws what a listener threw. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): boolean {
    const list = this.listeners;
    if (list === undefined) return false;
    let found = false;
    for (let i = 0; i < list.length; i += SLOTS) {
      const key = list[i];
      if (key === event) {
        found = true;
        const fn = list[i + 1] as (...a: Parameters<Events[E]>) => void;
        if (list[i + 2] === true) this.off(event, fn as Events[E]);
        this.call(fn, undefined, args, event);
      } else if (key === RELAY) {
        const method = (list[i + 2] as Record<PropertyKey, ((...a: Parameters<Events[E]>) => void) | undefined>)[event];
        if (method === undefined) continue;
        found = true;
        this.call(method, list[i + 1], args, event);
      }
    }
    return found;
  }

  private call<A extends unknown[]>(fn: (...a: A) => void, target: unknown, args: A, event: PropertyKey): void {
    try {
      fn.apply(target, args);
    } catch (error) {
      this.reportListenerError(error, String(event));
    }
  }

  private reportListenerError(error: unknown, event: string): void {
    try {
      this.onListenerError(error, event);
    } catch (reportError) {
      // A faulty handler must not undo the guarantee: fall back to the console.
      consoleListenerErrorHandler(reportError, event);
    }
  }

  private add(event: PropertyKey, fn: unknown, third: unknown): void {
    // `concat` makes an exactly sized list (a spread reserves spare slots); the three slots go in one
    // array so that a relay target that is itself an array is not spread into the list.
    this.listeners = this.listeners === undefined ? [event, fn, third] : this.listeners.concat([event, fn, third]);
  }
}

function reportThrough(this: Emitter<Record<string, Listener>>, error: unknown, event: string): void {
  this.onListenerError(error, event);
}

/** What `follow` can follow: an Emitter, or anything with `on` and `off` (a transport written for a test). */
export interface EventSource {
  on(event: never, listener: never): unknown;
  off(event: never, listener: never): unknown;
}

/** How to end a `follow`: the listeners to take off, or undefined when it is a relay of an Emitter. */
export type Following = ReadonlyArray<readonly [PropertyKey, Listener]> | undefined;

/**
 * Follow `source`'s events with `handlers`, called with `target` as `this`, until `unfollow`. An
 * Emitter relays them from one entry of its list (`relayTo`) and the follower makes nothing of its
 * own: a process of thousands of UAs follows a transport or two per UA. Any other source gets a
 * listener per event.
 */
export function follow<Events extends { [K in keyof Events]: Listener }, T>(source: EventSource, target: T, handlers: EventRelay<Events, T>): Following {
  if (source instanceof Emitter) {
    source.relayTo(target, handlers);
    return undefined;
  }
  const listeners = Object.entries(handlers).map(([event, handler]) => {
    const listener = (...args: unknown[]): void => (handler as (...a: unknown[]) => void).apply(target, args);
    return [event, listener] as const;
  });
  const on = source.on as (event: PropertyKey, listener: Listener) => unknown;
  for (const [event, listener] of listeners) on.call(source, event, listener);
  return listeners;
}

/** End what `follow(source, target, …)` began; `following` is what it returned. */
export function unfollow(source: EventSource, target: unknown, following: Following): void {
  if (following === undefined) {
    if (source instanceof Emitter) source.stopRelay(target);
    return;
  }
  const off = source.off as (event: PropertyKey, listener: Listener) => unknown;
  for (const [event, listener] of following) off.call(source, event, listener);
}
