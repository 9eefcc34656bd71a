import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { inputFirstClock, MAX_BACKLOG_WAIT_MS } from '../../src/transport/input-first-clock.js';

function setup() {
  const base = new FakeClock();
  const queued: Array<() => void> = [];
  let received = 0;
  const clock = inputFirstClock(base, (run) => queued.push(run), { received: () => received, perTurn: 32 });
  const fired: string[] = [];
  const handleInput = () => {
    for (const run of queued.splice(0)) run();
  };
  /** One turn of the event loop: `datagrams` read from the sockets, then what waited behind them. */
  const turn = (datagrams: number, ms = 1) => {
    base.advance(ms);
    received += datagrams;
    handleInput();
  };
  return { base, clock, fired, handleInput, queued, turn };
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

  it('hands the timer its argument', () => {
    const { base, clock, fired, handleInput } = setup();
    clock.setTimeout((name: string) => fired.push(name), 500, 'Timer J');
    base.advance(500);
    handleInput();
    expect(fired).toEqual(['Timer J']);
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

  it('waits while each turn reads a full batch of datagrams (a backlog), and fires in the first turn that reads less', () => {
    const { base, clock, fired, turn } = setup();
    clock.setTimeout(() => fired.push('2xx retransmission'), 500);
    base.advance(500);
    turn(32);
    turn(32);
    turn(32);
    expect(fired).toEqual([]);
    turn(31);
    expect(fired).toEqual(['2xx retransmission']);
  });

  it('never fires when the ACK read from the backlog clears it', () => {
    const { base, clock, fired, queued, turn } = setup();
    const handle = clock.setTimeout(() => fired.push('2xx retransmission'), 500);
    base.advance(500);
    turn(32);
    clock.clearTimeout(handle);
    turn(32);
    turn(0);
    expect(fired).toEqual([]);
    expect(queued).toEqual([]);
  });

  it('waits behind a lasting backlog at most MAX_BACKLOG_WAIT_MS', () => {
    const { base, clock, fired, turn } = setup();
    clock.setTimeout(() => fired.push('Timer G'), 500);
    base.advance(500);
    for (let waited = 0; waited < MAX_BACKLOG_WAIT_MS - 10; waited += 10) turn(32, 10);
    expect(fired).toEqual([]);
    turn(32, 10);
    expect(fired).toEqual(['Timer G']);
    expect(base.now() - 500).toBe(MAX_BACKLOG_WAIT_MS);
  });
});
