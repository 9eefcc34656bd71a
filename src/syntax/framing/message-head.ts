import { SipParseError, excerpt, type RawMessageHead } from '../values/index.js';
import { HeaderLine } from '../header-line.js';

/** The start line and header lines of a message, split and unfolded but not yet parsed. */
export interface MessageHead {
  startLine: string;
  lines: HeaderLine[];
  /**
   * Why the message is unusable although its lines could be split (a bare CR in one), with
   * the raw head attached for an answer. A stream framer still reads Content-Length to skip it.
   */
  defect?: SipParseError;
}

// RFC 3261 §25.1 token characters: alphanum and - . ! % * _ + ` ' ~
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") TOKEN_CHARS[c.charCodeAt(0)] = 1;

const SP = 32;
const HTAB = 9;
const CR = 13;

function isWhitespace(code: number): boolean {
  return code === SP || code === HTAB;
}

function trimWhitespace(text: string, start: number, end: number): string {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function fail(text: string, offset: number, rule: string, what: string): never {
  throw new SipParseError(`${what} at offset ${offset} ("${excerpt(text, offset)}")`, { offset, rule });
}

/** The start line and raw header lines of `head`, for a SipParseError a UAS answers from. */
export function rawHead(head: MessageHead): RawMessageHead {
  return { startLine: head.startLine, headers: head.lines.map((l) => ({ name: l.name, value: l.value })) };
}

/**
 * Split a header block (start line and header lines, without the empty line) into lines,
 * unfolding continuation lines (RFC 3261 §7.3.1: a line starting with whitespace continues
 * the previous one; the line break and leading whitespace count as one SP).
 *
 * Lines end at LF (a CR before it belongs to the line end). RFC 3261 §7.3.1 and §25 allow no
 * other CR: a bare CR inside a header line makes the message a `defect`, whose split head lets
 * a UAS still answer 400 when the headers it copies are clean. Hence no value of a usable
 * message holds CR or LF, and copying one into a response never corrupts the wire. Throws
 * SipParseError (without a head) when the block cannot be split into lines at all.
 */
export function splitHead(text: string): MessageHead {
  const length = text.length;
  let end = text.indexOf('\n');
  if (end === -1) end = length;
  const startLine = text.slice(0, end > 0 && text.charCodeAt(end - 1) === CR ? end - 1 : end);
  const lines: HeaderLine[] = [];
  let pendingName: string | undefined;
  let pendingValue = '';
  let bareCr: { offset: number; name: string } | undefined;
  let pos = end + 1;
  // The next CR at or after `pos`: one forward scan over the whole block finds every CR.
  let nextCr = pos < length ? text.indexOf('\r', pos) : -1;
  while (pos < length) {
    let lineEnd = text.indexOf('\n', pos);
    // The last line's CRLF is not part of `text`, so a CR that ends it is a bare CR.
    let contentEnd = lineEnd === -1 ? length : text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    if (lineEnd === -1) lineEnd = length;
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    const first = text.charCodeAt(pos);
    if (first === SP || first === HTAB) {
      if (pendingName === undefined) fail(text, pos, 'message-header', 'continuation line without a header to continue');
      if (bareCr === undefined && nextCr !== -1 && nextCr < contentEnd) bareCr = { offset: nextCr, name: pendingName };
      const more = trimWhitespace(text, pos, contentEnd);
      if (more !== '') pendingValue = pendingValue === '' ? more : pendingValue + ' ' + more;
    } else {
      if (pendingName !== undefined) lines.push(new HeaderLine(pendingName, undefined, pendingValue));
      let i = pos;
      let c = first;
      while (i < contentEnd && c < 128 && TOKEN_CHARS[c] === 1) c = text.charCodeAt(++i);
      if (i === pos) fail(text, pos, 'header-name', 'header line does not start with a header name');
      const nameEnd = i;
      while (c === SP || c === HTAB) c = text.charCodeAt(++i);
      if (c !== 58 || i >= contentEnd) fail(text, i, 'HCOLON', 'header name not followed by a colon');
      c = text.charCodeAt(++i);
      while (i < contentEnd && (c === SP || c === HTAB)) c = text.charCodeAt(++i);
      c = text.charCodeAt(contentEnd - 1);
      while (contentEnd > i && (c === SP || c === HTAB)) c = text.charCodeAt(--contentEnd - 1);
      pendingName = text.slice(pos, nameEnd);
      pendingValue = text.slice(i, contentEnd);
      if (bareCr === undefined && nextCr !== -1 && nextCr < contentEnd) bareCr = { offset: nextCr, name: pendingName };
    }
    pos = lineEnd + 1;
  }
  if (pendingName !== undefined) lines.push(new HeaderLine(pendingName, undefined, pendingValue));
  const head: MessageHead = { startLine, lines };
  if (bareCr !== undefined) {
    head.defect = new SipParseError(`bare CR in the ${bareCr.name} header line at offset ${bareCr.offset} (RFC 3261 §7.3.1: lines end with CRLF)`, {
      offset: bareCr.offset,
      rule: 'message-header',
      header: bareCr.name,
      head: rawHead(head),
    });
  }
  return head;
}
