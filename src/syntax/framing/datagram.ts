import { buildMessage } from '../build-message.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { SipParseError } from '../values/index.js';
import { decodeUtf8, EMPTY_BYTES, encodeUtf8, findHeadEndInBytes, findHeadEndInText } from './bytes.js';
import { readContentLength } from './content-length.js';
import { rawHead, splitHead, type MessageHead } from './message-head.js';
import { tooLarge, type MessageLimits } from './message-limits.js';

function skipLeadingLineBreaks(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 13 || text.charCodeAt(i) === 10) i++;
  return i;
}

/** UTF-8 octets of `text`, counted without encoding it when its length alone settles `limit`. */
function exceedsInUtf8(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return encodeUtf8(text).length > limit;
}

function bodyExceeds(length: number | undefined, rest: string | Uint8Array, limit: number): boolean {
  if (length !== undefined) return length > limit;
  return typeof rest === 'string' ? exceedsInUtf8(rest, limit) : rest.length > limit;
}

/** The header block of a datagram and what follows it. */
interface DatagramParts {
  headText: string;
  rest: string | Uint8Array;
}

function splitDatagram(data: string | Uint8Array, limits: MessageLimits | undefined): DatagramParts {
  const maxHead = limits?.maxHeadBytes ?? Number.POSITIVE_INFINITY;
  if (typeof data === 'string') {
    const start = skipLeadingLineBreaks(data);
    // Search no further than the largest head allowed could reach (a character is at least an octet).
    const window = data.length > start + maxHead + 4 ? data.slice(0, start + maxHead + 4) : data;
    const boundary = findHeadEndInText(window, start);
    if (boundary === undefined && window !== data) throw tooLarge(`header block over ${maxHead} octets`);
    const headText = data.slice(start, boundary?.headEnd ?? data.length);
    if (exceedsInUtf8(headText, maxHead)) throw tooLarge(`header block over ${maxHead} octets`);
    return { headText, rest: boundary === undefined ? '' : data.slice(boundary.bodyStart) };
  }
  let start = 0;
  while (data[start] === 13 || data[start] === 10) start++;
  // Search no further than the largest head allowed could reach.
  const searchEnd = Math.min(data.length, start + maxHead + 4);
  const boundary = findHeadEndInBytes(data, start, start, searchEnd);
  const headEnd = boundary?.headEnd ?? data.length;
  if (headEnd - start > maxHead) throw tooLarge(`header block over ${maxHead} octets`);
  // A copy, so a transport that reuses its receive buffer cannot change a parsed body.
  const rest = boundary === undefined || boundary.bodyStart >= data.length ? EMPTY_BYTES : data.slice(boundary.bodyStart);
  return { headText: decodeUtf8(data.subarray(start, headEnd)), rest };
}

/**
 * One message from one datagram (RFC 3261 §18.3). Without Content-Length the body runs to
 * the end of the datagram; octets beyond Content-Length are ignored; fewer octets than it
 * announces make the message invalid. A missing empty line ends the header block at the end
 * of the datagram. With `limits`, a message over them fails with a MESSAGE_TOO_LARGE error
 * (carrying the split head when the header block itself was within them).
 */
export function parseDatagram(data: string | Uint8Array, limits?: MessageLimits): SipRequest | SipResponse {
  const { headText, rest } = splitDatagram(data, limits);
  if (headText.length === 0) throw new SipParseError('empty message', { offset: 0, rule: 'SIP-message' });
  const head = splitHead(headText);
  if (head.defect !== undefined) throw head.defect;
  try {
    if (limits !== undefined && head.lines.length > limits.maxHeaderLines) {
      throw tooLarge(`${head.lines.length} header lines, over ${limits.maxHeaderLines}`);
    }
    const length = readContentLength(head.lines);
    if (limits !== undefined && bodyExceeds(length, rest, limits.maxBodyBytes)) {
      throw tooLarge(`a body of ${length ?? 'more'} octets, over ${limits.maxBodyBytes}`);
    }
    return buildWithBody(head, length, typeof rest === 'string' ? encodeUtf8(rest) : rest, headText.length);
  } catch (error) {
    if (error instanceof SipParseError && error.head === undefined) error.head = rawHead(head);
    throw error;
  }
}

function buildWithBody(head: MessageHead, length: number | undefined, body: Uint8Array, headLength: number): SipRequest | SipResponse {
  if (length !== undefined) {
    if (length > body.length) {
      throw new SipParseError(`Content-Length ${length} exceeds the ${body.length} octets of body received`, {
        offset: headLength,
        rule: 'Content-Length',
        header: 'Content-Length',
      });
    }
    body = length === body.length ? body : body.subarray(0, length);
  }
  return buildMessage(head, body);
}

/** What one datagram or WebSocket message holds: a message, an RFC 5626 keep-alive, or garbage. */
export type DatagramEvent =
  | { type: 'message'; message: SipRequest | SipResponse }
  /** CRLF CRLF (RFC 5626 §4.4.1, carried in a WebSocket message by RFC 7118 §6): answer with a pong. */
  | { type: 'ping' }
  /** A single CRLF: the pong. */
  | { type: 'pong' }
  | { type: 'error'; error: SipParseError };

function isOnlyLineBreaks(data: string | Uint8Array): boolean {
  if (typeof data === 'string') return /^[\r\n]+$/.test(data);
  return data.length > 0 && data.every((octet) => octet === 13 || octet === 10);
}

/**
 * Classify one datagram (or WebSocket message, RFC 7118 §5: one message per frame): keep-alives
 * made only of line breaks (more than one CRLF is a ping), else the message parseDatagram finds
 * within `limits`.
 */
export function frameDatagram(data: string | Uint8Array, limits?: MessageLimits): DatagramEvent {
  if (isOnlyLineBreaks(data)) return data.length > 2 ? { type: 'ping' } : { type: 'pong' };
  try {
    return { type: 'message', message: parseDatagram(data, limits) };
  } catch (error) {
    const parseError =
      error instanceof SipParseError ? error : new SipParseError(`unparseable message: ${String(error)}`, { offset: 0, rule: 'SIP-message', cause: error });
    return { type: 'error', error: parseError };
  }
}
