import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../src/transport/emitter.js';

interface Events {
  ping: (n: number) => void;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Emitter', () => {
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
});
