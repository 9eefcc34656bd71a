import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { coalescingClock } from '../../src/transport/coalescing-clock.js';
import { FakeClock } from '../../src/transport/fake-clock.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function setup() {
  const base = new FakeClock();
  const clock = coalescingClock(base);
  const fired: string[] = [];
  const at = (name: string) => () => fired.push(`${name}@${base.now()}`);
  return { base, clock, fired, at };
}

describe('coalescingClock', () => {
  it('serves every timer of one duration with a single timer of the base clock, firing each at its own due time', () => {
    const { base, clock, fired, at } = setup();
    for (let i = 0; i < 1000; i++) {
      clock.setTimeout(at(`L${i}`), 32_000);
      base.advance(10);
    }
    expect(base.pending).toBe(1);
    base.advance(32_000);
    expect(fired).toHaveLength(1000);
    expect(fired[0]).toBe('L0@32000');
    expect(fired[999]).toBe('L999@41990');
    expect(base.pending).toBe(0);
  });

  it('hands each timer its own argument: one function serves the timers of many objects', () => {
    const { base, clock, fired } = setup();
    const fire = (owner: { name: string }) => fired.push(`${owner.name}@${base.now()}`);
    clock.setTimeout(fire, 500, { name: 'a' });
    clock.setTimeout(fire, 500, { name: 'b' });
    clock.setTimeout(fire, 200, { name: 'c' });
    base.advance(500);
    expect(fired).toEqual(['c@200', 'a@500', 'b@500']);
  });

  it('lets go of the argument and callback of a cleared timer before its queue reaches it (a transaction is not kept for 32 s)', async () => {
    const { base, clock } = setup();
    const later = clock.setTimeout(() => undefined, 32_000);
    const refs = (() => {
      const transaction = { name: 'BYE' };
      const callback = (): void => undefined;
      const handle = clock.setTimeout(callback, 32_000, transaction);
      clock.clearTimeout(handle);
      return { transaction: new WeakRef(transaction), callback: new WeakRef(callback) };
    })();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.transaction.deref()).toBeUndefined();
    expect(refs.callback.deref()).toBeUndefined();
    clock.clearTimeout(later);
    expect(base.pending).toBe(0);
  });

  it('does not keep cleared timers of a long queue until their due time (a session timer cleared by every call)', async () => {
    const { base, clock, fired } = setup();
    const survivor = clock.setTimeout(() => fired.push(`kept@${base.now()}`), 1_800_000);
    const refs = (() => {
      const handles = Array.from({ length: 5000 }, () => clock.setTimeout(() => fired.push('cleared'), 1_800_000));
      for (const handle of handles) clock.clearTimeout(handle);
      return handles.map((handle) => new WeakRef(handle as object));
    })();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBeLessThan(2000);
    base.advance(1_800_000);
    expect(fired).toEqual(['kept@1800000']);
    clock.clearTimeout(survivor);
  });

  it('fires timers of different durations in due order, ties in the order they were set', () => {
    const { base, clock, fired, at } = setup();
    clock.setTimeout(at('A'), 100);
    clock.setTimeout(at('B'), 50);
    clock.setTimeout(at('C'), 100);
    base.advance(10);
    clock.setTimeout(at('D'), 50);
    clock.setTimeout(at('E'), 90);
    base.advance(200);
    expect(fired).toEqual(['B@50', 'D@60', 'A@100', 'C@100', 'E@100']);
  });

  it('a cleared timer does not fire, and when every timer of a duration is cleared the base timer goes too (nothing keeps the process alive)', () => {
    const { base, clock, fired, at } = setup();
    const first = clock.setTimeout(at('first'), 600_000);
    const second = clock.setTimeout(at('second'), 600_000);
    clock.clearTimeout(first);
    expect(base.pending).toBe(1);
    clock.clearTimeout(second);
    clock.clearTimeout(second);
    expect(base.pending).toBe(0);
    clock.setTimeout(at('third'), 600_000);
    base.advance(600_000);
    expect(fired).toEqual(['third@600000']);
  });

  it('timers of a second or less that are set and cleared call after call share the platform timer of their window', () => {
    const { base, clock, fired, at } = setup();
    for (let i = 0; i < 100; i++) {
      clock.clearTimeout(clock.setTimeout(at(`trying${i}`), 200));
      base.advance(1);
    }
    expect(base.pending).toBe(1);
    clock.setTimeout(at('live'), 200);
    base.advance(1000);
    expect(fired).toEqual(['live@300']);
    expect(base.pending).toBe(0);
  });

  it('a timer set while its queue fires is fired in due order, in the same pass when already due', () => {
    const { base, clock, fired, at } = setup();
    clock.setTimeout(() => {
      fired.push(`outer@${base.now()}`);
      clock.setTimeout(at('again'), 100);
      clock.setTimeout(at('now'), 0);
    }, 100);
    clock.setTimeout(at('later'), 100);
    base.advance(50);
    clock.setTimeout(at('mid'), 100);
    base.advance(500);
    expect(fired).toEqual(['outer@100', 'later@100', 'now@100', 'mid@150', 'again@200']);
  });

  it('a timer that throws holds up none of the others', () => {
    const { base, clock, fired, at } = setup();
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 100);
    clock.setTimeout(at('next'), 100);
    base.advance(50);
    clock.setTimeout(at('after'), 100);
    expect(() => base.advance(50)).toThrow('boom');
    base.advance(0);
    expect(fired).toEqual(['next@100']);
    base.advance(100);
    expect(fired).toEqual(['next@100', 'after@150']);
  });

  it('drops what has fired from a long-lived queue and keeps firing in order', () => {
    const { base, clock, fired } = setup();
    let count = 0;
    for (let i = 0; i < 5000; i++) {
      clock.setTimeout(() => {
        count += 1;
        fired.length = 0;
        fired.push(String(i));
      }, 1000);
      base.advance(1);
    }
    base.advance(1000);
    expect(count).toBe(5000);
    expect(fired).toEqual(['4999']);
  });
});
