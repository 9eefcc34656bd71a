import { ContactHeader, isToken, Parameters, SipParseError, URI } from '../../syntax/index.js';
import { refuseLineBreaks, refuseNonToken } from './line-safety.js';
import { toUri, type UriInput } from './uri-input.js';

/**
 * A Contact given by the user of the library: the header value as text
 * (`<sip:alice@192.0.2.4:5060;transport=ws>;expires=600`, or `*` to remove every binding,
 * RFC 3261 §10.2.2), a `URI`, or its parts; or a ContactHeader, taken as it is (not copied).
 */
export type ContactInput =
  | string
  | URI
  | ContactHeader
  | { uri: UriInput; displayName?: string | undefined; params?: Record<string, string | null> | undefined };

/** The single Contact value `input` names; throws TypeError naming `what` when it is unusable. */
export function toContact(what: string, input: ContactInput): ContactHeader {
  if (input instanceof ContactHeader) return input;
  if (typeof input === 'string') {
    refuseLineBreaks(what, input);
    let values: ContactHeader[];
    try {
      values = ContactHeader.parse(input.trim());
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      throw new TypeError(`${what} is not a valid Contact: ${JSON.stringify(input)} (${error.message})`, { cause: error });
    }
    if (values.length !== 1) throw new TypeError(`${what} must hold exactly one Contact value: ${JSON.stringify(input)}`);
    return values[0]!;
  }
  if (input instanceof URI) {
    return new ContactHeader({ star: false, displayName: undefined, uri: toUri(`${what} URI`, input), params: new Parameters() });
  }
  return contactOnUri(what, toUri(`${what} URI`, input.uri), input);
}

/**
 * The Contact of `uri` itself, not a copy (unlike `toContact`), with `input`'s display name and
 * parameters: for a UA that binds its own Contact URI, so that its registerer keeps no copy.
 */
export function contactOnUri(what: string, uri: URI, input: { displayName?: string | undefined; params?: Record<string, string | null> | undefined }): ContactHeader {
  if (input.displayName !== undefined) refuseLineBreaks(`${what} display name`, input.displayName);
  const params = new Parameters();
  for (const [name, value] of Object.entries(input.params ?? {})) {
    refuseNonToken(`${what} parameter name`, name);
    if (value !== null) refuseLineBreaks(`${what} parameter ${name}`, value);
    // RFC 3261 §25.1 gen-value: a token or host goes out as is, anything else (a +sip.instance
    // URN in angle brackets, RFC 5626 §4.1) as a quoted-string.
    params.set(name, value, value !== null && !isToken(value) && !/^\[[0-9A-Fa-f:.]+\]$/.test(value));
  }
  return new ContactHeader({ star: false, displayName: input.displayName, uri, params });
}
