import { headerKey } from '../../syntax/index.js';
import { refuseInvalidHeaderValue } from './header-value.js';
import { refuseLineBreaks, refuseNonToken } from './line-safety.js';

/** Extra header lines for a request, in the legacy SIP.js form: `['X-Foo: bar', 'Priority: urgent']`. */
export type ExtraHeaders = readonly string[];

/** One validated extra header line. */
export interface ExtraHeader {
  name: string;
  value: string;
}

// Headers the UA core derives from its own state (RFC 3261 §8.1.1, §12.2.1.1); a second copy
// from the user would contradict it, so each has its own option instead. Record-Route is a
// proxy's (§16.6 item 4): a UA's answers only mirror the request's (§12.1.1), and one more
// value would put a hop in the caller's route set that the request never passed.
const CORE_OWNED = new Set([
  'via',
  'from',
  'to',
  'call-id',
  'cseq',
  'max-forwards',
  'route',
  'record-route',
  'contact',
  'content-type',
  'content-length',
]);

/**
 * Split and check extra header lines: the name must be a token, nothing may hold a control
 * character but HTAB (CR or LF would inject a header), the value of a header sipforge knows must
 * match its grammar, and headers the core owns are refused. Throws TypeError naming the entry.
 */
export function parseExtraHeaders(lines: ExtraHeaders | undefined): ExtraHeader[] {
  if (lines === undefined) return [];
  return lines.map((line, index) => {
    const what = `extraHeaders[${index}]`;
    if (typeof line !== 'string') throw new TypeError(`${what} must be a string "Name: value"`);
    refuseLineBreaks(what, line);
    const colon = line.indexOf(':');
    if (colon < 0) throw new TypeError(`${what} must have the form "Name: value": ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim();
    refuseNonToken(`${what} header name`, name);
    if (CORE_OWNED.has(headerKey(name))) {
      throw new TypeError(`${what}: ${name} is set by the UA core and cannot be given as an extra header`);
    }
    const value = line.slice(colon + 1).trim();
    refuseInvalidHeaderValue(what, name, value);
    return { name, value };
  });
}
