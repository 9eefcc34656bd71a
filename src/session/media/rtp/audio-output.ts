import { Readable } from 'node:stream';

/**
 * The audio received (`audioOutput`): a Readable of 16-bit little-endian mono PCM at 8 kHz, fed
 * by the jitter buffer. Audio is live: while nobody reads, at most `maxBufferedBytes` waits and
 * newer frames are dropped, so an unread output never grows without bound.
 */
export class AudioOutput {
  readonly readable: Readable;
  private ended = false;
  private droppedBytes = 0;

  constructor(private readonly maxBufferedBytes: number) {
    // Frames are pushed as they arrive; there is nothing to fetch on demand.
    this.readable = new Readable({ read: () => undefined });
  }

  /** Bytes dropped because nobody read them in time. */
  get dropped(): number {
    return this.droppedBytes;
  }

  push(pcm: Buffer): void {
    if (this.ended || this.readable.destroyed) return;
    if (this.readable.readableLength + pcm.length > this.maxBufferedBytes) {
      this.droppedBytes += pcm.length;
      return;
    }
    this.readable.push(pcm);
  }

  /** No more audio: readers see the end of the stream. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.readable.destroyed) this.readable.push(null);
  }
}
