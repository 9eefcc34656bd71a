import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { inputFirstClock } from '../../src/transport/input-first-clock.js';

function setup() {
  const base = new FakeClock();
  const queued: Array<() => void> = [];
  const clock = inputFirstClock(base, (run) => queued.push(run));
  const fired: string[] = [];
  const handleInput = () => {
    for (const run of queued.splice(0)) run();
  };
  return { base, clock, fired, handleInput, queued };
}

describe('inputFirstClock', () => {
  it('runs a due timer only after the input already received', () => {
    const { base, clock, fired, handleInput } = setup();
    clock.setTimeout(() => fired.push('T1'), 500);
    base.advance(499);
    expect(fired).toEqual([]);
    base.advance(1);
    expect(fired).toEqual([]);
    handleInput();
    expect(fired).toEqual(['T1']);
  });

  it('does not run a timer cleared while it waited behind the input (the ACK stopped the retransmission)', () => {
    const { base, clock, fired, handleInput, queued } = setup();
    const handle = clock.setTimeout(() => fired.push('retransmit'), 500);
    base.advance(600);
    expect(queued).toHaveLength(1);
    clock.clearTimeout(handle);
    handleInput();
    expect(fired).toEqual([]);
  });

  it('clears a timer before it is due, and tells the time of its base', () => {
    const { base, clock, fired, handleInput, queued } = setup();
    const handle = clock.setTimeout(() => fired.push('never'), 500);
    clock.clearTimeout(handle);
    base.advance(1000);
    handleInput();
    expect(queued).toEqual([]);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(1000);
  });
});
