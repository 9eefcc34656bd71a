import { headerDefinitions, headerKey, SipParseError } from '../../syntax/index.js';
import { refuseLineBreaks } from './line-safety.js';

/**
 * Refuse a header value given by the user of the library unless it is text for one line and, for
 * a header sipforge knows (grammar/headers.ts), a value that header's grammar accepts: `Expires:
 * abc` or an empty `Require:` would put a line on the wire that no peer can read. A header it
 * does not know takes any such text (RFC 3261 §25.1 extension-header: header-value =
 * *(TEXT-UTF8char / UTF8-CONT / LWS)). The strict grammar even for the informational headers
 * the parser tolerates when they arrive (grammar/README.md): liberal in what sipforge accepts,
 * conservative in what it sends (RFC 3261 §1's robustness principle). Throws TypeError naming `what`.
 */
export function refuseInvalidHeaderValue(what: string, name: string, value: string): void {
  refuseLineBreaks(what, value);
  const definition = headerDefinitions.get(headerKey(name));
  if (definition === undefined) return;
  try {
    definition.parseStrict(value);
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    throw new TypeError(`${what} is not a valid ${definition.name} value: ${JSON.stringify(value)} (${error.message})`, { cause: error });
  }
}
