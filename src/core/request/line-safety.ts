import { hasLineBreak, isToken } from '../../syntax/index.js';

/**
 * Whether user input is safe on one header line: no CR or LF, which would end the line early
 * (RFC 3261 §7.3) and let input inject a header or a body, and no NUL, which input never needs
 * (on the wire it can only appear escaped inside a quoted string).
 */
export function isSingleLine(text: string): boolean {
  return !hasLineBreak(text) && !text.includes('\0');
}

/** Refuse user input that is not `isSingleLine`, with a TypeError naming it. */
export function refuseLineBreaks(what: string, text: string): void {
  if (!isSingleLine(text)) throw new TypeError(`${what} must not contain CR, LF or NUL: ${JSON.stringify(text)}`);
}

/** Refuse anything but an RFC 3261 §25.1 token (method names, option tags, header names). */
export function refuseNonToken(what: string, text: string): void {
  refuseLineBreaks(what, text);
  if (!isToken(text)) throw new TypeError(`${what} must be a token (RFC 3261 §25.1): ${JSON.stringify(text)}`);
}
