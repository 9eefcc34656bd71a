type Listener = (...args: never[]) => void;

/**
 * A small typed event emitter that runs in browsers and Node alike (Node's `events` module
 * must not be reachable from the browser entry). A listener that throws does not stop the
 * others; the error goes to `onListenerError`.
 */
export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  private listeners = new Map<keyof Events, Array<{ fn: Listener; once: boolean }>>();

  /** Where errors thrown by listeners go; by default they are re-thrown asynchronously so they are not lost. */
  onListenerError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, false);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.add(event, listener, true);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    const list = this.listeners.get(event);
    if (list) {
      const i = list.findIndex((l) => l.fn === listener);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Call every listener of `event`; returns whether there was any. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): boolean {
    const list = this.listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const entry of [...list]) {
      if (entry.once) this.off(event, entry.fn as Events[E]);
      try {
        (entry.fn as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return true;
  }

  private add(event: keyof Events, fn: Listener, once: boolean): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ fn, once });
    this.listeners.set(event, list);
  }
}
