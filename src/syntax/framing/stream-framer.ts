import { buildMessage } from '../build-message.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { SipParseError } from '../values/index.js';
import { decodeUtf8, EMPTY_BYTES, findHeadEndInBytes, resumeFrom } from './bytes.js';
import { readContentLength } from './content-length.js';
import { rawHead, splitHead, type MessageHead } from './message-head.js';
import { messageLimits, tooLarge, type MessageLimits } from './message-limits.js';

/** What a stream framer found in the bytes pushed to it. */
export type StreamEvent =
  | { type: 'message'; message: SipRequest | SipResponse }
  /** RFC 5626 §4.4.1 keep-alive ping (CRLF CRLF): answer with a pong. */
  | { type: 'ping' }
  /** RFC 5626 §4.4.1 keep-alive pong (a single CRLF). */
  | { type: 'pong' }
  /**
   * A message that was framed but could not be used (`fatal: false`: the stream goes on), or a
   * framing error (`fatal: true`: message boundaries are lost and the connection must close).
   * When the header block could be split, `error.head` holds it, so a UAS can answer first.
   */
  | { type: 'error'; error: SipParseError; fatal: boolean };

const CR = 13;
const LF = 10;

/** A message whose header block was framed and whose body is still arriving. */
interface PendingBody {
  head: MessageHead;
  /** Where the body goes; undefined while the body of a refused message is skipped. */
  data: Uint8Array | undefined;
  length: number;
  filled: number;
}

/**
 * Splits a byte stream (TCP, TLS) into SIP messages by Content-Length (RFC 3261 §18.3:
 * mandatory on streams), buffering partial reads, and reports keep-alives. After a fatal
 * framing error it reports nothing more.
 *
 * Work is linear in the octets pushed: only an incomplete header block is buffered, the search
 * for its end resumes where it stopped, and a body is copied once, into a buffer of the size
 * Content-Length announced. A message over `limits` is refused as soon as its header block says
 * so: a body over the limit is never buffered.
 */
export class StreamFramer {
  private readonly limits: MessageLimits;
  /** Octets received and not framed yet: the start of a header block or of a keep-alive. */
  private buffer: Uint8Array = EMPTY_BYTES;
  private buffered = 0;
  /** How many octets of the buffered header block were searched for its end without finding it. */
  private searched = 0;
  private body: PendingBody | undefined;
  private failed = false;

  constructor(limits: Partial<MessageLimits> = {}) {
    this.limits = messageLimits(limits);
  }

  push(chunk: Uint8Array): StreamEvent[] {
    const events: StreamEvent[] = [];
    let offset = 0;
    while (!this.failed && offset < chunk.length) {
      if (this.body !== undefined) {
        offset = this.fillBody(chunk, offset, events);
        continue;
      }
      if (this.buffered === 0) {
        // Frame straight from the chunk; only an incomplete tail is copied.
        const stop = this.frame(chunk, offset, events);
        if (!this.failed && this.body === undefined && stop < chunk.length) this.append(chunk.subarray(stop));
      } else {
        this.append(chunk.subarray(offset));
        const stop = this.frame(this.buffer.subarray(0, this.buffered), 0, events);
        if (!this.failed) this.dropFront(stop);
      }
      offset = chunk.length;
    }
    return events;
  }

  /** Octets received but not yet delivered in a message. */
  get pending(): number {
    return this.buffered + (this.body?.filled ?? 0);
  }

  /**
   * Frame what starts at `pos` in `data`: keep-alives and whole messages, then either the start
   * of a body (now pending, `data` used up) or an incomplete header block or keep-alive. Returns
   * where the unframed octets start.
   */
  private frame(data: Uint8Array, pos: number, events: StreamEvent[]): number {
    while (pos < data.length && !this.failed) {
      const keepAlive = keepAliveAt(data, pos);
      if (keepAlive === 'wait') return pos;
      if (keepAlive !== undefined) {
        events.push({ type: keepAlive.type });
        pos += keepAlive.length;
        this.searched = 0;
        continue;
      }
      const next = this.messageAt(data, pos, events);
      if (next === undefined) return pos;
      pos = next;
    }
    return pos;
  }

  /** Frame the message at `pos`; returns the position after what was used, or undefined when its header block is incomplete. */
  private messageAt(data: Uint8Array, pos: number, events: StreamEvent[]): number | undefined {
    const maxHead = this.limits.maxHeadBytes;
    const searchEnd = Math.min(data.length, pos + maxHead + 4);
    const boundary = findHeadEndInBytes(data, pos, Math.max(pos, resumeFrom(pos + this.searched)), searchEnd);
    if (boundary === undefined) {
      if (searchEnd - pos >= maxHead + 4) return this.fail(events, tooLarge(`no end of header block within ${maxHead} octets`));
      this.searched = data.length - pos;
      return undefined;
    }
    this.searched = 0;
    if (boundary.headEnd - pos > maxHead) return this.fail(events, tooLarge(`header block over ${maxHead} octets`));
    let head: MessageHead;
    try {
      head = splitHead(decodeUtf8(data.subarray(pos, boundary.headEnd)));
    } catch (error) {
      return this.fail(events, asParseError(error));
    }
    let length: number | undefined;
    try {
      length = readContentLength(head.lines);
    } catch (error) {
      return this.fail(events, asParseError(error), head);
    }
    if (length === undefined) {
      const missing = new SipParseError('Content-Length is mandatory on a stream transport (RFC 3261 §18.3)', {
        offset: 0,
        rule: 'Content-Length',
        header: 'Content-Length',
      });
      return this.fail(events, missing, head);
    }
    // Refused before any of it is buffered; the stream cannot be trusted to carry that many
    // octets, so it ends after the answer (RFC 3261 §21.5.7: 513 Message Too Large).
    if (length > this.limits.maxBodyBytes) return this.fail(events, tooLarge(`Content-Length ${length} over ${this.limits.maxBodyBytes}`), head);
    const refusal =
      head.defect ??
      (head.lines.length > this.limits.maxHeaderLines ? tooLarge(`${head.lines.length} header lines, over ${this.limits.maxHeaderLines}`) : undefined);
    if (refusal !== undefined) {
      // A message the stream can step over: reported, its (bounded) body skipped unbuffered.
      refusal.head ??= rawHead(head);
      events.push({ type: 'error', error: refusal, fatal: false });
    }
    const available = data.length - boundary.bodyStart;
    if (available >= length) {
      const end = boundary.bodyStart + length;
      if (refusal === undefined) deliver(head, length === 0 ? EMPTY_BYTES : data.slice(boundary.bodyStart, end), events);
      return end;
    }
    const body: PendingBody = { head, data: refusal === undefined ? new Uint8Array(length) : undefined, length, filled: available };
    body.data?.set(data.subarray(boundary.bodyStart));
    this.body = body;
    return data.length;
  }

  /** Copy body octets from `chunk` at `offset`; returns the offset after them. */
  private fillBody(chunk: Uint8Array, offset: number, events: StreamEvent[]): number {
    const body = this.body!;
    const take = Math.min(body.length - body.filled, chunk.length - offset);
    body.data?.set(chunk.subarray(offset, offset + take), body.filled);
    body.filled += take;
    if (body.filled === body.length) {
      this.body = undefined;
      if (body.data !== undefined) deliver(body.head, body.data, events);
    }
    return offset + take;
  }

  private append(bytes: Uint8Array): void {
    const needed = this.buffered + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length, 1024));
      grown.set(this.buffer.subarray(0, this.buffered));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered = needed;
  }

  private dropFront(count: number): void {
    if (count === 0) return;
    this.buffered -= count;
    if (this.buffered > 0) this.buffer.copyWithin(0, count, count + this.buffered);
    // A chunk that carried a large body grew the buffer; do not keep that memory per connection.
    else if (this.buffer.length > 2 * this.limits.maxHeadBytes) this.buffer = EMPTY_BYTES;
  }

  /** Stop for good: report `error` (with the split head, when there is one). Returns where framing stopped: nowhere. */
  private fail(events: StreamEvent[], error: SipParseError, head?: MessageHead): number {
    this.failed = true;
    this.buffer = EMPTY_BYTES;
    this.buffered = 0;
    this.body = undefined;
    if (head !== undefined) error.head ??= rawHead(head);
    const { offset, rule, header } = error;
    const framing = new SipParseError(`framing error: ${error.message}`, { offset, rule, header, head: error.head, cause: error });
    events.push({ type: 'error', error: framing, fatal: true });
    return Number.POSITIVE_INFINITY;
  }
}

function keepAliveAt(b: Uint8Array, pos: number): { type: 'ping' | 'pong'; length: number } | 'wait' | undefined {
  if (b[pos] !== CR) return undefined;
  if (pos + 1 >= b.length) return 'wait';
  if (b[pos + 1] !== LF) return undefined;
  if (b[pos + 2] === CR && b[pos + 3] === LF) return { type: 'ping', length: 4 };
  if (pos + 2 < b.length && b[pos + 2] === CR && pos + 3 >= b.length) return 'wait';
  // A lone CRLF: a pong (a ping split across two reads would show as two pongs; TCP peers send it whole).
  return { type: 'pong', length: 2 };
}

function deliver(head: MessageHead, body: Uint8Array, events: StreamEvent[]): void {
  try {
    events.push({ type: 'message', message: buildMessage(head, body) });
  } catch (error) {
    const parseError = asParseError(error);
    parseError.head ??= rawHead(head);
    events.push({ type: 'error', error: parseError, fatal: false });
  }
}

function asParseError(error: unknown): SipParseError {
  return error instanceof SipParseError ? error : new SipParseError(String(error), { offset: 0, rule: 'SIP-message', cause: error });
}
