// A packet further behind than this is not late but a restarted sequence (RFC 3550 A.1 MAX_MISORDER).
const MAX_MISORDER = 100;

/** Where the jitter buffer hands packets on, in sequence order, with how many were lost just before. */
export type JitterBufferOutput<T> = (item: T, lostBefore: number) => void;

export interface JitterBufferOptions {
  /** Longest a packet waits for an earlier missing one, ms. */
  maxDelayMs: number;
  /** Most packets held at once; a packet beyond it gives up on the earliest gap. */
  capacity: number;
}

/**
 * A small jitter buffer for one RTP source: packets leave in sequence-number order. A packet that
 * follows the last one handed on leaves at once; one after a gap waits until the gap fills, or
 * until the earliest held packet has waited `maxDelayMs` (the tick calls `flush`), or until more
 * than `capacity` are held — then the missing ones count as lost. A packet whose turn has passed
 * is late and dropped. Holding is a ring of `capacity` slots: nothing is allocated per packet.
 */
export class JitterBuffer<T> {
  private readonly items: Array<T | undefined>;
  private readonly arrivals: Float64Array;
  private held = 0;
  /** Extended sequence number of the next packet to hand on; undefined before the first. */
  private next: number | undefined;
  private lateCount = 0;
  /** Packets given up on since the last one handed on. */
  private lost = 0;

  constructor(
    private readonly options: JitterBufferOptions,
    private readonly output: JitterBufferOutput<T>,
  ) {
    this.items = new Array<T | undefined>(options.capacity).fill(undefined);
    this.arrivals = new Float64Array(options.capacity);
  }

  /** Packets dropped because they came after their turn (or twice). */
  get late(): number {
    return this.lateCount;
  }

  /** Packets held, waiting for an earlier one. */
  get size(): number {
    return this.held;
  }

  /** Take a packet with 16-bit sequence number `sequence`, arrived at `nowMs`. */
  push(sequence: number, item: T, nowMs: number): void {
    if (this.next === undefined) this.next = sequence;
    // Signed distance from the expected number, across the 16-bit wrap (RFC 3550 §5.1).
    const distance = ((((sequence - this.next) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    if (distance < -MAX_MISORDER) {
      // Far behind: the sender started a new sequence (RFC 3550 A.1). Start over from it.
      this.reset();
      this.push(sequence, item, nowMs);
      return;
    }
    if (distance < 0) {
      this.lateCount++;
      return;
    }
    const extended = this.next + distance;
    if (distance >= this.options.capacity) {
      // No slot for it: give up on the earliest gap, handing on what follows it.
      this.giveUpBefore(extended - this.options.capacity + 1);
      this.releaseInOrder();
    }
    if (extended === this.next) {
      this.next++;
      this.emit(item);
      this.releaseInOrder();
      return;
    }
    const slot = extended % this.options.capacity;
    if (this.items[slot] !== undefined) {
      this.lateCount++;
      return;
    }
    this.items[slot] = item;
    this.arrivals[slot] = nowMs;
    this.held++;
  }

  /** Hand on what has waited `maxDelayMs` or more, giving up on the gaps before it. */
  flush(nowMs: number): void {
    while (this.held > 0) {
      const oldest = this.oldestHeld();
      if (nowMs - this.arrivals[oldest % this.options.capacity]! < this.options.maxDelayMs) return;
      this.giveUpBefore(oldest);
      this.releaseInOrder();
    }
  }

  /** Hand on everything held, in order, and forget the sequence (a new source follows). */
  reset(): void {
    this.drain();
    this.next = undefined;
    this.lost = 0;
  }

  private drain(): void {
    while (this.held > 0) {
      this.giveUpBefore(this.oldestHeld());
      this.releaseInOrder();
    }
  }

  private oldestHeld(): number {
    let extended = this.next!;
    while (this.items[extended % this.options.capacity] === undefined) extended++;
    return extended;
  }

  /** Skip the missing packets before `extended`, handing on any held among them. */
  private giveUpBefore(extended: number): void {
    while (this.next! < extended) {
      const slot = this.next! % this.options.capacity;
      const item = this.items[slot];
      this.next!++;
      if (item === undefined) {
        this.lost++;
        continue;
      }
      this.items[slot] = undefined;
      this.held--;
      this.emit(item);
    }
  }

  private releaseInOrder(): void {
    for (;;) {
      const slot = this.next! % this.options.capacity;
      const item = this.items[slot];
      if (item === undefined) return;
      this.items[slot] = undefined;
      this.held--;
      this.next!++;
      this.emit(item);
    }
  }

  private emit(item: T): void {
    const lost = this.lost;
    this.lost = 0;
    this.output(item, lost);
  }
}
