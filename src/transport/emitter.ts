type Listener = (...args: never[]) => void;

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
  // Keyed by PropertyKey rather than `keyof Events`, so that an emitter of more events is still an
  // emitter of the ones it shares (a media handler with ICE events is a SessionDescriptionHandler).
  // Made at the first listener, and each list is replaced rather than changed in place (exactly sized,
  // and `emit` walks the list it found without a copy): a process holds thousands of idle UAs, each
  // with a dozen emitters, most of them never listened to (bench/LOAD-RESULTS.md, many UAs).
  private listeners: Map<PropertyKey, ReadonlyArray<{ fn: Listener; once: boolean }>> | undefined;

  /** Where errors thrown by listeners go; by default the console's error level. Must not throw itself. */
  onListenerError: ListenerErrorHandler = consoleListenerErrorHandler;

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, false);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, true);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    const list = this.listeners?.get(event);
    if (list) {
      const i = list.findIndex((l) => l.fn === listener);
      if (i >= 0) {
        if (list.length === 1) this.listeners!.delete(event);
        else this.listeners!.set(event, list.slice(0, i).concat(list.slice(i + 1)));
      }
    }
    return this;
  }

  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) this.listeners = undefined;
    else this.listeners?.delete(event);
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.listeners?.get(event)?.length ?? 0;
  }

  /** Call every listener of `event`; returns whether there was any. Never throws what a listener threw. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): boolean {
    const list = this.listeners?.get(event);
    if (!list) return false;
    for (const entry of list) {
      if (entry.once) this.off(event, entry.fn as Events[E]);
      try {
        (entry.fn as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.reportListenerError(error, String(event));
      }
    }
    return true;
  }

  private reportListenerError(error: unknown, event: string): void {
    try {
      this.onListenerError(error, event);
    } catch (reportError) {
      // A faulty handler must not undo the guarantee: fall back to the console.
      consoleListenerErrorHandler(reportError, event);
    }
  }

  private add(event: keyof Events, fn: Listener, once: boolean): void {
    const listeners = (this.listeners ??= new Map());
    const list = listeners.get(event);
    listeners.set(event, list === undefined ? [{ fn, once }] : list.concat({ fn, once }));
  }
}
