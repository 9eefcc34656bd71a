import { buildMessage } from '../build-message.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { SipParseError } from '../values/index.js';
import { decodeUtf8, findHeadEndInBytes } from './bytes.js';
import { readContentLength } from './content-length.js';
import { splitHead } from './message-head.js';

/** What a stream framer found in the bytes pushed to it. */
export type StreamEvent =
  | { type: 'message'; message: SipRequest | SipResponse }
  /** RFC 5626 §4.4.1 keep-alive ping (CRLF CRLF): answer with a pong. */
  | { type: 'ping' }
  /** RFC 5626 §4.4.1 keep-alive pong (a single CRLF). */
  | { type: 'pong' }
  /**
   * A message that was framed but could not be parsed (`fatal: false`: the stream goes on),
   * or a framing error (`fatal: true`: message boundaries are lost and the connection must close).
   */
  | { type: 'error'; error: SipParseError; fatal: boolean };

// A header block longer than this without its empty line is not SIP.
export const MAX_HEAD_LENGTH = 64 * 1024;

const CR = 13;
const LF = 10;

/**
 * Splits a byte stream (TCP, TLS) into SIP messages by Content-Length (RFC 3261 §18.3:
 * mandatory on streams), buffering partial reads, and reports keep-alives. After a fatal
 * framing error it reports nothing more.
 */
export class StreamFramer {
  private buffer: Uint8Array = new Uint8Array(0);
  private failed = false;

  push(chunk: Uint8Array): StreamEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk.slice() : concat(this.buffer, chunk);
    const events: StreamEvent[] = [];
    let pos = 0;
    while (pos < this.buffer.length) {
      const keepAlive = this.keepAliveAt(pos);
      if (keepAlive === 'wait') break;
      if (keepAlive !== undefined) {
        events.push({ type: keepAlive.type });
        pos += keepAlive.length;
        continue;
      }
      const framed = this.messageAt(pos, events);
      if (framed === undefined) break;
      pos = framed;
    }
    this.buffer = this.failed ? new Uint8Array(0) : this.buffer.subarray(pos);
    return events;
  }

  /** Bytes received but not yet framed into a message. */
  get pending(): number {
    return this.buffer.length;
  }

  private keepAliveAt(pos: number): { type: 'ping' | 'pong'; length: number } | 'wait' | undefined {
    const b = this.buffer;
    if (b[pos] !== CR) return undefined;
    if (pos + 1 >= b.length) return 'wait';
    if (b[pos + 1] !== LF) return undefined;
    if (b[pos + 2] === CR && b[pos + 3] === LF) return { type: 'ping', length: 4 };
    if (pos + 2 < b.length && b[pos + 2] === CR && pos + 3 >= b.length) return 'wait';
    // A lone CRLF: a pong (a ping split across two reads would show as two pongs; TCP peers send it whole).
    return { type: 'pong', length: 2 };
  }

  /** Frame one message at `pos`; returns the position after it, or undefined when more bytes are needed. */
  private messageAt(pos: number, events: StreamEvent[]): number | undefined {
    const b = this.buffer;
    const boundary = findHeadEndInBytes(b, pos);
    if (boundary === undefined) {
      if (b.length - pos > MAX_HEAD_LENGTH) this.fail(events, `no end of header block within ${MAX_HEAD_LENGTH} octets`, 'message-header');
      return this.failed ? b.length : undefined;
    }
    let head;
    let length: number | undefined;
    try {
      head = splitHead(decodeUtf8(b.subarray(pos, boundary.headEnd)));
      length = readContentLength(head.lines);
    } catch (error) {
      this.fail(events, error instanceof Error ? error.message : String(error), 'message-header');
      return b.length;
    }
    if (length === undefined) {
      this.fail(events, 'Content-Length is mandatory on a stream transport (RFC 3261 §18.3)', 'Content-Length');
      return b.length;
    }
    const end = boundary.bodyStart + length;
    if (end > b.length) return undefined;
    try {
      events.push({ type: 'message', message: buildMessage(head, b.slice(boundary.bodyStart, end)) });
    } catch (error) {
      const parseError =
        error instanceof SipParseError ? error : new SipParseError(String(error), { offset: 0, rule: 'SIP-message', cause: error });
      events.push({ type: 'error', error: parseError, fatal: false });
    }
    return end;
  }

  private fail(events: StreamEvent[], message: string, rule: string): void {
    this.failed = true;
    events.push({ type: 'error', error: new SipParseError(`framing error: ${message}`, { offset: 0, rule }), fatal: true });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
