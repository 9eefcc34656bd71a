import { parseUri, SipParseError, URI } from '../../syntax/index.js';
import { isSingleLine } from '../../core/index.js';
import { ConfigurationError } from '../exceptions.js';
import { randomToken } from '../../transport/index.js';

/**
 * A SIP URI given as text or a URI: `sip:` is put in front when there is no `sip:`/`sips:`
 * scheme (legacy: `alice@example.com` means `sip:alice@example.com`), then it must parse as a
 * SIP URI. Text with CR, LF or NUL is refused before parsing.
 */
function parseSipUri(parameter: string, value: unknown): URI {
  const text = value instanceof URI ? value.toString() : value;
  if (typeof text !== 'string' || !isSingleLine(text)) throw new ConfigurationError(parameter, value);
  const trimmed = text.trim();
  const withScheme = /^sips?:/i.test(trimmed) ? trimmed : `sip:${trimmed}`;
  try {
    const uri = parseUri(withScheme);
    if (!uri.isSip) throw new ConfigurationError(parameter, value);
    return uri;
  } catch (error) {
    if (error instanceof SipParseError) throw new ConfigurationError(parameter, value);
    throw error;
  }
}

/** The `uri` option: the AOR, which must name a user (legacy check). */
export function checkAor(value: unknown): URI {
  const uri = parseSipUri('uri', value);
  if (uri.user === undefined || uri.user === '') throw new ConfigurationError('uri', value);
  return uri;
}

/** The `registrarServer` option: a SIP URI with no user part (legacy check). */
export function checkRegistrarServer(value: unknown): URI {
  const uri = parseSipUri('registrarServer', value);
  if (uri.user !== undefined) throw new ConfigurationError('registrarServer', value);
  return uri;
}

/** The AOR of a UA configured without one: `sip:anonymous.<6 random>@anonymous.invalid` (legacy; RFC 2606 `.invalid`). */
export function anonymousAor(): URI {
  return parseUri(`sip:anonymous.${randomToken(6)}@anonymous.invalid`);
}

/** `uri` without user and password: the default registrar (RFC 3261 §10.2.6 "the domain of the AOR"). */
export function withoutUser(uri: URI): URI {
  const copy = uri.clone();
  copy.user = undefined;
  copy.password = undefined;
  return copy;
}

/** `uri` without scheme and user (`example.com;transport=ws`): legacy `hostportParams`, completes bare targets. */
export function hostportParams(uri: URI): string {
  return withoutUser(uri).toString().replace(/^sips?:/i, '');
}
