import { buildMessage } from '../build-message.js';
import type { SipRequest } from '../sip-request.js';
import type { SipResponse } from '../sip-response.js';
import { SipParseError } from '../values/index.js';
import { decodeUtf8, EMPTY_BYTES, encodeUtf8, findHeadEndInBytes, findHeadEndInText } from './bytes.js';
import { readContentLength } from './content-length.js';
import { rawHead, splitHead, type MessageHead } from './message-head.js';

function skipLeadingLineBreaks(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 13 || text.charCodeAt(i) === 10) i++;
  return i;
}

/**
 * One message from one datagram (RFC 3261 §18.3). Without Content-Length the body runs to
 * the end of the datagram; octets beyond Content-Length are ignored; fewer octets than it
 * announces make the message invalid. A missing empty line ends the header block at the end
 * of the datagram.
 */
export function parseDatagram(data: string | Uint8Array): SipRequest | SipResponse {
  let headText: string;
  let body: Uint8Array;
  if (typeof data === 'string') {
    const start = skipLeadingLineBreaks(data);
    const boundary = findHeadEndInText(data, start);
    headText = data.slice(start, boundary?.headEnd ?? data.length);
    const rest = boundary === undefined ? '' : data.slice(boundary.bodyStart);
    body = encodeUtf8(rest);
  } else {
    let start = 0;
    while (data[start] === 13 || data[start] === 10) start++;
    const boundary = findHeadEndInBytes(data, start);
    headText = decodeUtf8(data.subarray(start, boundary?.headEnd ?? data.length));
    // A copy, so a transport that reuses its receive buffer cannot change a parsed body.
    body = boundary === undefined || boundary.bodyStart >= data.length ? EMPTY_BYTES : data.slice(boundary.bodyStart);
  }
  if (headText.length === 0) throw new SipParseError('empty message', { offset: 0, rule: 'SIP-message' });
  const head = splitHead(headText);
  try {
    return buildWithBody(head, readContentLength(head.lines), body, headText.length);
  } catch (error) {
    if (error instanceof SipParseError && error.head === undefined) {
      error.head = rawHead(head);
    }
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
 * made only of line breaks (more than one CRLF is a ping), else the message parseDatagram finds.
 */
export function frameDatagram(data: string | Uint8Array): DatagramEvent {
  if (isOnlyLineBreaks(data)) return data.length > 2 ? { type: 'ping' } : { type: 'pong' };
  try {
    return { type: 'message', message: parseDatagram(data) };
  } catch (error) {
    const parseError =
      error instanceof SipParseError ? error : new SipParseError(`unparseable message: ${String(error)}`, { offset: 0, rule: 'SIP-message', cause: error });
    return { type: 'error', error: parseError };
  }
}
