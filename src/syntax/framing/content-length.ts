import type { HeaderLine } from '../header-line.js';
import { headerLookup } from '../header-names.js';
import { SipParseError } from '../values/index.js';

/**
 * The Content-Length of a header block (RFC 3261 §20.14), or undefined when absent.
 * Framing depends on it, so it is read here, before any other header: a value that is not
 * 1*DIGIT, or several lines of it (RFC 4475 §3.3.9), make the message unframeable. A value
 * too long for a safe integer reads as Number.MAX_SAFE_INTEGER: over any body limit.
 */
export function readContentLength(lines: HeaderLine[]): number | undefined {
  const CONTENT_LENGTH = headerLookup('Content-Length');
  let found: number | undefined;
  for (const line of lines) {
    if (!line.matches(CONTENT_LENGTH)) continue;
    if (found !== undefined) {
      throw new SipParseError('more than one Content-Length header', { offset: 0, rule: 'Content-Length', header: 'Content-Length' });
    }
    const text = line.value;
    let value = 0;
    for (let i = 0; i < text.length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) {
        throw new SipParseError(`invalid Content-Length ${JSON.stringify(text)}`, { offset: i, rule: 'Content-Length', header: 'Content-Length' });
      }
      value = Math.min(value * 10 + digit, Number.MAX_SAFE_INTEGER);
    }
    if (text.length === 0) {
      throw new SipParseError(`invalid Content-Length ${JSON.stringify(text)}`, { offset: 0, rule: 'Content-Length', header: 'Content-Length' });
    }
    found = value;
  }
  return found;
}
