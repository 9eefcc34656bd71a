import { isSingleLine } from '../core/index.js';
import { parseUri, SipParseError, URI } from '../syntax/index.js';
import { hidePasswords } from '../transport/index.js';

/**
 * The legacy `normalizeTarget`: a URI stays as it is (a `tel:` URI too); `bob@example.com` gets
 * `sip:`; a bare user or number gets the UA's own host (`hostportParams`), with a telephone
 * number's visual separators removed. Undefined for anything that is not a valid SIP or tel target.
 */
export function normalizeTarget(target: unknown, hostportParams: string): URI | undefined {
  if (target instanceof URI) return target;
  if (typeof target === 'number') target = String(target);
  if (typeof target !== 'string') return undefined;
  const text = target.trim();
  if (text === '' || !isSingleLine(text)) return undefined;
  let candidate: string;
  // RFC 3966: a tel URI is a target of its own; taken as a user part it would read as
  // `sip:tel:…@host`, a user "tel" with a password.
  if (/^(sips?|tel):/i.test(text)) candidate = text;
  else if (text.includes('@')) candidate = `sip:${text}`;
  else {
    // RFC 3966 §5.1.1 visual separators in a dialled number carry no meaning.
    const user = /^\+?[\d\-.() ]+$/.test(text) ? text.replace(/[\-.() ]/g, '') : text;
    candidate = `sip:${user}@${hostportParams}`;
  }
  try {
    const uri = parseUri(candidate);
    return uri.isSip || uri.scheme.toLowerCase() === 'tel' ? uri : undefined;
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}

/** `normalizeTarget` for the UA's methods: an invalid target is refused before anything is sent. */
export function requireTarget(target: unknown, hostportParams: string): URI {
  const uri = normalizeTarget(target, hostportParams);
  if (uri === undefined) throw new TypeError(`invalid target: ${hidePasswords(JSON.stringify(String(target)))}`);
  return uri;
}
