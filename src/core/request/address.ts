import { parseNameAddr, SipParseError, URI } from '../../syntax/index.js';
import { refuseLineBreaks } from './line-safety.js';
import { toUri, type UriInput } from './uri-input.js';

/** A name-addr without header parameters: what a From or To names (RFC 3261 §20.20, §20.39). */
export interface Address {
  displayName: string | undefined;
  uri: URI;
}

/**
 * An address given by the user of the library: `"Alice" <sip:alice@example.com>` or
 * `sip:alice@example.com` as text, a `URI`, or its parts.
 */
export type AddressInput = string | URI | { uri: UriInput; displayName?: string | undefined };

/** The address `input` names; throws TypeError naming `what` when it is unusable on the wire. */
export function toAddress(what: string, input: AddressInput): Address {
  if (input instanceof URI) return { displayName: undefined, uri: toUri(`${what} URI`, input) };
  if (typeof input === 'string') {
    refuseLineBreaks(what, input);
    try {
      const parsed = parseNameAddr(input.trim());
      return { displayName: parsed.displayName, uri: parsed.uri };
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      throw new TypeError(`${what} is not a valid address: ${JSON.stringify(input)} (${error.message})`, { cause: error });
    }
  }
  if (input.displayName !== undefined) refuseLineBreaks(`${what} display name`, input.displayName);
  return { displayName: input.displayName, uri: toUri(`${what} URI`, input.uri) };
}
