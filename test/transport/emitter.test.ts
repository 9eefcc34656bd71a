import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../src/transport/emitter.js';

interface Events {
  ping: (n: number) => void;
  pong: (n: number) => void;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Emitter', () => {
  it('onEach adds a listener per event, after the ones there, each one removable by off', () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    emitter.on('ping', (n) => seen.push(`first ping ${n}`));
    const pong = (n: number): void => void seen.push(`pong ${n}`);
    emitter.onEach({ ping: (n) => seen.push(`ping ${n}`), pong });
    emitter.onEach({});
    expect(emitter.listenerCount('ping')).toBe(2);
    emitter.emit('ping', 1);
    emitter.emit('pong', 2);
    emitter.off('pong', pong);
    emitter.emit('pong', 3);
    expect(seen).toEqual(['first ping 1', 'ping 1', 'pong 2']);
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
});
