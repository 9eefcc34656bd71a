import { isToken } from '../../syntax/index.js';

// C0 controls and DEL, HTAB excepted: the characters no SIP text rule admits (TEXT-UTF8char,
// qdtext, reason-phrase, header-value: RFC 3261 §25.1) except as LWS (HTAB) or as a quoted-pair.
const CONTROL = /[\x00-\x08\x0A-\x1F\x7F]/;

/**
 * Whether user input is safe as text on one header line: no control character but HTAB. CR and
 * LF would end the line early (RFC 3261 §7.3) and let the input inject a header or a body; NUL and
 * the other controls are outside every SIP text rule, and user input never needs them escaped.
 */
export function isSingleLine(text: string): boolean {
  return !CONTROL.test(text);
}

/** Refuse user input that is not `isSingleLine`, with a TypeError naming it. */
export function refuseLineBreaks(what: string, text: string): void {
  if (isSingleLine(text)) return;
  if (/[\r\n\0]/.test(text)) throw new TypeError(`${what} must not contain CR, LF or NUL: ${JSON.stringify(text)}`);
  throw new TypeError(`${what} must not contain control characters other than HTAB: ${JSON.stringify(text)}`);
}

/** Refuse anything but an RFC 3261 §25.1 token (method names, option tags, header names). */
export function refuseNonToken(what: string, text: string): void {
  refuseLineBreaks(what, text);
  if (!isToken(text)) throw new TypeError(`${what} must be a token (RFC 3261 §25.1): ${JSON.stringify(text)}`);
}
