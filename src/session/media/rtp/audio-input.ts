import { Writable } from 'node:stream';

/**
 * The application's audio going out (`audioInput`): a Writable of 16-bit little-endian mono PCM
 * at 8 kHz whose bytes wait in a queue until the pacing tick takes them, one 20 ms frame at a
 * time. A write is acknowledged while less than `highWaterBytes` waits, so a piped source (a
 * file) is read at the pace audio goes out rather than all at once.
 */
export class AudioInput {
  readonly writable: Writable;
  private readonly chunks: Buffer[] = [];
  /** Bytes of `chunks[0]` already taken. */
  private head = 0;
  private queued = 0;
  private blockedWrite: ((error?: Error | null) => void) | undefined;
  private emptyWaiters: Array<() => void> = [];

  constructor(private readonly highWaterBytes: number) {
    this.writable = new Writable({
      write: (chunk: Buffer, _encoding, callback) => this.enqueue(chunk, callback),
      destroy: (error, callback) => {
        this.clear();
        callback(error);
      },
    });
  }

  /** Bytes waiting to be sent. */
  get queuedBytes(): number {
    return this.queued;
  }

  /**
   * Move up to `into.length` bytes (a whole number of samples) into `into`; returns how many.
   * Fewer than asked means the application wrote less than a frame by now.
   */
  takeFrame(into: Buffer): number {
    const wanted = Math.min(into.length, this.queued - (this.queued % 2));
    let copied = 0;
    while (copied < wanted) {
      const chunk = this.chunks[0]!;
      const n = Math.min(wanted - copied, chunk.length - this.head);
      chunk.copy(into, copied, this.head, this.head + n);
      copied += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.queued -= copied;
    if (this.blockedWrite !== undefined && this.queued < this.highWaterBytes) {
      const callback = this.blockedWrite;
      this.blockedWrite = undefined;
      callback();
    }
    if (this.queued < 2) this.notifyEmpty();
    return copied;
  }

  /** Resolves once everything written so far has been taken (or the input is closed). */
  whenEmpty(): Promise<void> {
    if (this.queued < 2) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /** End the input: what waits is dropped, writes fail, and `whenEmpty` waiters are released. */
  close(): void {
    this.writable.destroy();
    this.clear();
  }

  private enqueue(chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.queued += chunk.length;
    }
    if (this.queued < this.highWaterBytes) callback();
    else this.blockedWrite = callback;
  }

  private clear(): void {
    this.chunks.length = 0;
    this.head = 0;
    this.queued = 0;
    this.blockedWrite = undefined;
    this.notifyEmpty();
  }

  private notifyEmpty(): void {
    const waiters = this.emptyWaiters;
    if (waiters.length === 0) return;
    this.emptyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
