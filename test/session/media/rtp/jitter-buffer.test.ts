import { describe, expect, it } from 'vitest';
import { JitterBuffer } from '../../../../src/session/media/rtp/jitter-buffer.js';

function buffer(maxDelayMs = 60, capacity = 8): { jb: JitterBuffer<number>; out: Array<[number, number]> } {
  const out: Array<[number, number]> = [];
  const jb = new JitterBuffer<number>({ maxDelayMs, capacity }, (item, lost) => out.push([item, lost]));
  return { jb, out };
}

describe('jitter buffer', () => {
  it('hands packets in order on at once', () => {
    const { jb, out } = buffer();
    for (const seq of [10, 11, 12]) jb.push(seq, seq, 0);
    expect(out).toEqual([[10, 0], [11, 0], [12, 0]]);
    expect(jb.size).toBe(0);
  });

  it('puts reordered packets back in sequence order', () => {
    const { jb, out } = buffer();
    for (const seq of [1, 3, 4, 2, 5]) jb.push(seq, seq, 0);
    expect(out.map(([item]) => item)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops a packet that comes after its turn, and duplicates', () => {
    const { jb, out } = buffer(40);
    jb.push(1, 1, 0);
    jb.push(3, 3, 0);
    jb.flush(40); // 2 given up: 3 goes on, one lost before it
    jb.push(2, 2, 50); // late
    jb.push(3, 3, 50); // duplicate of one handed on
    jb.push(5, 5, 50);
    jb.push(5, 5, 50); // duplicate of one held
    expect(out).toEqual([[1, 0], [3, 1]]);
    expect(jb.late).toBe(3);
  });

  it('waits for a missing packet no longer than its delay, then counts it lost', () => {
    const { jb, out } = buffer(60);
    jb.push(100, 100, 0);
    jb.push(102, 102, 10);
    jb.push(103, 103, 30);
    jb.flush(69);
    expect(out).toEqual([[100, 0]]);
    jb.flush(70);
    expect(out).toEqual([[100, 0], [102, 1], [103, 0]]);
  });

  it('holds at most its capacity: beyond it, it gives up on the earliest gap', () => {
    const { jb, out } = buffer(1000, 4);
    jb.push(0, 0, 0);
    for (const seq of [2, 3, 4]) jb.push(seq, seq, 0);
    expect(out).toEqual([[0, 0]]);
    jb.push(5, 5, 0);
    expect(out).toEqual([[0, 0], [2, 1], [3, 0], [4, 0], [5, 0]]);
    expect(jb.size).toBe(0);
  });

  it('follows the sequence number across its 16-bit wrap', () => {
    const { jb, out } = buffer();
    for (const seq of [65534, 0, 65535, 1]) jb.push(seq, seq, 0);
    expect(out.map(([item]) => item)).toEqual([65534, 65535, 0, 1]);
  });

  it('a packet far behind is a restarted sequence, not a late one (RFC 3550 A.1)', () => {
    const { jb, out } = buffer();
    jb.push(5000, 5000, 0);
    jb.push(10, 10, 0);
    jb.push(11, 11, 0);
    expect(out.map(([item]) => item)).toEqual([5000, 10, 11]);
  });

  it('reset hands on what it holds and forgets the sequence', () => {
    const { jb, out } = buffer();
    jb.push(1, 1, 0);
    jb.push(3, 3, 0);
    jb.reset();
    jb.push(900, 900, 0);
    expect(out).toEqual([[1, 0], [3, 1], [900, 0]]);
  });
});
