import { isToken } from '../../syntax/index.js';

/**
 * Refuse text that would end a header line early (RFC 3261 §7.3: a header line ends at CRLF),
 * so user input can never inject a header or a body. NUL is refused too: no SIP text holds it.
 */
export function refuseLineBreaks(what: string, text: string): void {
  if (/[\r\n\0]/.test(text)) throw new TypeError(`${what} must not contain CR, LF or NUL: ${JSON.stringify(text)}`);
}

/** Refuse anything but an RFC 3261 §25.1 token (method names, option tags, header names). */
export function refuseNonToken(what: string, text: string): void {
  refuseLineBreaks(what, text);
  if (!isToken(text)) throw new TypeError(`${what} must be a token (RFC 3261 §25.1): ${JSON.stringify(text)}`);
}
