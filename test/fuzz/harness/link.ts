import type { TargetName } from '../step.js';
import { readWireMessage, type WireMessage } from './wire-message.js';

export interface SendOptions {
  /** WebSocket: frame type; default text when the octets are UTF-8. */
  frame?: 'text' | 'binary' | undefined;
  /** Streams: write in pieces of this many octets. */
  chunkSize?: number | undefined;
}

/**
 * The fuzzer's end of one target: it sends octets to the target and hands every message the
 * target sends back to `onMessage`. For `ua-*` targets the fuzzer is the server the UA
 * connected to; for `core-*` targets it is a client of the target's listener.
 */
export abstract class Link {
  abstract readonly target: TargetName;
  onMessage: (message: WireMessage) => void = () => undefined;
  private readyWaiters: Array<() => void> = [];

  /** Whether a message can be sent now (connected; for UDP, the UA's address known). */
  abstract get ready(): boolean;

  /** Send octets; resolves once handed to the socket. Rejects when not ready. */
  abstract send(octets: Buffer, options?: SendOptions): Promise<void>;

  /**
   * After a message whose framing a stream cannot get past (a Content-Length lie, a head
   * without end): drop this connection so the next message starts on a fresh one.
   */
  abstract resetStream(): Promise<void>;

  abstract close(): Promise<void>;

  /** Resolves true once ready, false after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.readyWaiters.push(done);
    });
  }

  protected becameReady(): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }

  protected deliver(raw: string): void {
    const message = readWireMessage(raw);
    if (message !== undefined) this.onMessage(message);
  }
}

/** Whether the octets are valid UTF-8 (a WebSocket text frame must be, RFC 6455 §5.6). */
export function isUtf8(octets: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(octets);
    return true;
  } catch {
    return false;
  }
}

/** Write `octets` to a stream socket in pieces, one write per macrotask so they reach the peer as separate reads. */
export async function writeInPieces(write: (piece: Buffer) => Promise<void>, octets: Buffer, chunkSize: number | undefined): Promise<void> {
  if (chunkSize === undefined || chunkSize <= 0 || chunkSize >= octets.length) {
    await write(octets);
    return;
  }
  for (let offset = 0; offset < octets.length; offset += chunkSize) {
    await write(octets.subarray(offset, offset + chunkSize));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
