import { parseUri, SipParseError, URI } from '../../syntax/index.js';
import { refuseLineBreaks } from './line-safety.js';

/** A URI given by the user of the library: a `URI`, or its text (`sip:bob@example.com`). */
export type UriInput = URI | string;

/**
 * The URI `input` names, checked so that it serialises to text the grammar accepts: a URI
 * object built in code could hold any characters, so it is re-parsed from its wire form.
 * Throws TypeError naming `what` otherwise.
 */
export function toUri(what: string, input: UriInput): URI {
  const raw = typeof input === 'string' ? input : String(input);
  refuseLineBreaks(what, raw);
  const text = raw.trim();
  try {
    const uri = parseUri(text);
    return typeof input === 'string' ? uri : input.clone();
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    throw new TypeError(`${what} is not a valid URI: ${JSON.stringify(text)} (${error.message})`, { cause: error });
  }
}
