import { Parameters, parseNameAddr, SipParseError, URI } from '../../syntax/index.js';
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

// RFC 3261 §19.1.1 Table 1: the URI parameters marked "-" (not allowed) in the To and From columns.
// The port is marked so too, but it is part of the address of record a registrar binds (§10.3
// removes only the parameters when it canonicalises the To), so it stays.
const NOT_IN_FROM_OR_TO: ReadonlySet<string> = new Set(['method', 'maddr', 'ttl', 'transport', 'lr']);

/**
 * The address as a From or To may carry it (RFC 3261 §19.1.1 Table 1): a SIP or SIPS URI loses
 * the method, maddr, ttl, transport and lr parameters and its headers (`?…`), which say how to
 * reach or form a request (Request-URI, Route, §19.1.5), not whom it is from or for. `address`
 * itself is left unchanged.
 */
export function forFromOrTo(address: Address): Address {
  const { uri } = address;
  const allowed = uri.params.list.filter((param) => !NOT_IN_FROM_OR_TO.has(param.name.toLowerCase()));
  if (!uri.isSip || (allowed.length === uri.params.size && !uri.hasHeaders)) return address;
  const stripped = uri.clone();
  stripped.params = new Parameters(allowed.map((param) => ({ ...param })));
  stripped.headers = new Parameters();
  return { displayName: address.displayName, uri: stripped };
}
