import { SipParseError, excerpt } from '../values/index.js';
import { HeaderLine } from '../header-line.js';

/** The start line and header lines of a message, split and unfolded but not yet parsed. */
export interface MessageHead {
  startLine: string;
  lines: HeaderLine[];
}

// RFC 3261 §25.1 token characters: alphanum and - . ! % * _ + ` ' ~
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") TOKEN_CHARS[c.charCodeAt(0)] = 1;

const SP = 32;
const HTAB = 9;

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

/**
 * Split a header block (start line and header lines, without the empty line) into lines,
 * unfolding continuation lines (RFC 3261 §7.3.1: a line starting with whitespace continues
 * the previous one; the line break and leading whitespace count as one SP).
 */
export function splitHead(text: string): MessageHead {
  const length = text.length;
  let end = text.indexOf('\n');
  if (end === -1) end = length;
  const startLine = text.slice(0, end > 0 && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  const lines: HeaderLine[] = [];
  let pendingName: string | undefined;
  let pendingValue = '';
  let pos = end + 1;
  while (pos < length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = length;
    let contentEnd = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const first = text.charCodeAt(pos);
    if (first === SP || first === HTAB) {
      if (pendingName === undefined) fail(text, pos, 'message-header', 'continuation line without a header to continue');
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
    }
    pos = lineEnd + 1;
  }
  if (pendingName !== undefined) lines.push(new HeaderLine(pendingName, undefined, pendingValue));
  return { startLine, lines };
}
