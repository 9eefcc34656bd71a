import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter, follow, unfollow } from '../../src/transport/emitter.js';

interface Events {
  ping: (n: number) => void;
  pong: (n: number) => void;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Emitter', () => {
  it('relayTo calls the shared methods with the target as this, in order with the listeners, until removeAllListeners', () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    interface Target {
      name: string;
    }
    const relay = {
      ping(this: Target, n: number) {
        seen.push(`${this.name} ping ${n}`);
      },
    };
    emitter.on('ping', (n) => seen.push(`first ping ${n}`));
    emitter.relayTo({ name: 'a' }, relay).relayTo({ name: 'b' }, relay);
    emitter.on('ping', (n) => seen.push(`last ping ${n}`));
    expect(emitter.listenerCount('ping')).toBe(4);
    expect(emitter.listenerCount('pong')).toBe(0);
    expect(emitter.emit('ping', 1)).toBe(true);
    expect(emitter.emit('pong', 2)).toBe(false);
    emitter.removeAllListeners('ping');
    emitter.emit('ping', 3);
    emitter.removeAllListeners();
    emitter.emit('ping', 4);
    expect(seen).toEqual(['first ping 1', 'a ping 1', 'b ping 1', 'last ping 1', 'a ping 3', 'b ping 3']);
  });

  it('reports a relay method that throws like a listener, and calls the rest', () => {
    const emitter = new Emitter<Events>();
    const reported: string[] = [];
    emitter.onListenerError = (_error, event) => reported.push(event);
    const seen: number[] = [];
    emitter.relayTo(undefined, {
      ping() {
        throw new Error('application bug');
      },
    });
    emitter.on('ping', (n) => seen.push(n));
    emitter.emit('ping', 5);
    expect(reported).toEqual(['ping']);
    expect(seen).toEqual([5]);
  });

  it('reports a listener that throws to onListenerError with the event name, and calls the others', () => {
    const emitter = new Emitter<Events>();
    const reported: Array<[unknown, string]> = [];
    emitter.onListenerError = (error, event) => reported.push([error, event]);
    const seen: number[] = [];
    const bug = new Error('application bug');
    emitter.on('ping', () => {
      throw bug;
    });
    emitter.on('ping', (n) => seen.push(n));
    expect(() => emitter.emit('ping', 7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(reported).toEqual([[bug, 'ping']]);
  });

  it('by default logs at the console error level and never re-throws, not even asynchronously', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emitter = new Emitter<Events>();
    const bug = new Error('application bug');
    emitter.on('ping', () => {
      throw bug;
    });
    emitter.emit('ping', 1);
    // An asynchronous re-throw would surface here as an unhandled error and fail the run.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged).toHaveBeenCalledOnce();
    expect(logged.mock.calls[0]).toEqual([expect.stringContaining("a listener of 'ping' threw"), bug]);
  });

  it('falls back to the console when onListenerError itself throws', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emitter = new Emitter<Events>();
    emitter.onListenerError = () => {
      throw new Error('broken logger');
    };
    emitter.on('ping', () => {
      throw new Error('application bug');
    });
    expect(() => emitter.emit('ping', 1)).not.toThrow();
    expect(logged).toHaveBeenCalledOnce();
  });

  it('reportErrorsTo reports to the handler the owner has when the error happens, and to the console if that throws', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const owner = new Emitter<Events>();
    const inner = new Emitter<Events>().reportErrorsTo(owner);
    inner.on('ping', (n) => {
      throw new Error(`bug ${n}`);
    });
    const first: string[] = [];
    const later: string[] = [];
    owner.onListenerError = (error, event) => first.push(`${event}: ${(error as Error).message}`);
    inner.emit('ping', 1);
    owner.onListenerError = (error, event) => later.push(`${event}: ${(error as Error).message}`);
    inner.emit('ping', 2);
    expect([first, later]).toEqual([['ping: bug 1'], ['ping: bug 2']]);
    owner.onListenerError = () => {
      throw new Error('broken logger');
    };
    expect(() => inner.emit('ping', 3)).not.toThrow();
    expect(logged).toHaveBeenCalledOnce();
  });

  it('keeps the listeners of each event apart and in order; once, off and removeAllListeners(event) touch only theirs', () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    const a = (n: number): void => void seen.push(`a${n}`);
    const b = (n: number): void => void seen.push(`b${n}`);
    emitter.on('ping', a).on('pong', b).once('ping', b).on('ping', (n) => seen.push(`c${n}`));
    expect([emitter.listenerCount('ping'), emitter.listenerCount('pong')]).toEqual([3, 1]);
    expect(emitter.emit('ping', 1)).toBe(true);
    expect(emitter.emit('ping', 2)).toBe(true);
    emitter.emit('pong', 3);
    expect(seen).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'b3']);
    emitter.off('ping', a);
    emitter.removeAllListeners('ping');
    expect([emitter.listenerCount('ping'), emitter.listenerCount('pong')]).toEqual([0, 1]);
    expect(emitter.emit('ping', 4)).toBe(false);
    emitter.emit('pong', 5);
    expect(seen.slice(6)).toEqual(['b5']);
  });

  it('a listener removed or added while an event is emitted takes effect from the next emit', () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    const late = (n: number): void => void seen.push(`late${n}`);
    const second = (n: number): void => void seen.push(`second${n}`);
    emitter.on('ping', (n) => {
      seen.push(`first${n}`);
      emitter.off('ping', second);
      emitter.on('ping', late);
    });
    emitter.on('ping', second);
    emitter.emit('ping', 1);
    expect(seen).toEqual(['first1', 'second1']);
    emitter.emit('ping', 2);
    expect(seen.slice(2)).toEqual(['first2', 'late2']);
  });

  it('follow relays an Emitter through one entry, and unfollow ends only that relay', () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    const relay = {
      ping(this: { name: string }, n: number) {
        seen.push(`${this.name}${n}`);
      },
    };
    const a = { name: 'a' };
    const b = { name: 'b' };
    expect(follow(emitter, a, relay)).toBeUndefined();
    follow(emitter, b, relay);
    emitter.on('ping', (n) => void seen.push(`listener${n}`));
    emitter.emit('ping', 1);
    unfollow(emitter, a, undefined);
    emitter.emit('ping', 2);
    expect(seen).toEqual(['a1', 'b1', 'listener1', 'b2', 'listener2']);
    expect(emitter.listenerCount('ping')).toBe(2);
  });

  it('follow listens to any other source with a listener per event, and unfollow takes them off', () => {
    const listeners = new Map<PropertyKey, (n: number) => void>();
    const source = {
      on: (event: string, listener: (n: number) => void) => void listeners.set(event, listener),
      off: (event: string, listener: (n: number) => void) => {
        if (listeners.get(event) === listener) listeners.delete(event);
      },
    };
    const seen: number[] = [];
    const target = { seen };
    const following = follow<Events, typeof target>(source, target, {
      ping(n) {
        this.seen.push(n);
      },
    });
    listeners.get('ping')!(7);
    expect(seen).toEqual([7]);
    unfollow(source, target, following);
    expect(listeners.size).toBe(0);
  });
});
