import { parseUri, SipParseError } from '../../syntax/index.js';
import { ConfigurationError } from '../exceptions.js';
import type { TurnServer } from './ua-configuration-input.js';

/**
 * Default of `stunServers`: none. Legacy SIP.js 0.7 defaulted to Google's public STUN server; sipforge
 * contacts no server the application did not name (the same rule as `wsServers`), so a call's ICE
 * gathering never tells a third party about the user unless configured to.
 */
export const DEFAULT_STUN_SERVERS: readonly string[] = Object.freeze([]);

const MAX_PORT = 65535;

/**
 * Whether `url` is an RFC 7064 §3.1 `stunURI` (`stun:`/`stuns:` host [":" port]) or, for `turn`, an
 * RFC 7065 §3.1 `turnURI` (the same, plus an optional `?transport=` token). Their host and port are
 * RFC 3986's, which the SIP grammar's `host` and `port` cover, so the part after the scheme is read by
 * the grammar as the host part of a SIP URI: anything it finds besides host and port (a user, URI
 * parameters, headers other than `transport`) makes the URL invalid.
 */
function isIceServerUrl(url: string, kind: 'stun' | 'turn'): boolean {
  const match = /^([a-z]+):(.*)$/i.exec(url);
  if (match === null) return false;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== kind && scheme !== `${kind}s`) return false;
  let parsed;
  try {
    parsed = parseUri(`sip:${match[2]}`);
  } catch (error) {
    if (error instanceof SipParseError) return false;
    throw error;
  }
  if (parsed.user !== undefined || parsed.params.size > 0 || parsed.host === '') return false;
  if (parsed.port !== undefined && parsed.port > MAX_PORT) return false;
  if (parsed.headers.size === 0) return true;
  // RFC 7065 §3.1: transport = "udp" / "tcp" / transport-ext (a token).
  const [header] = parsed.headers;
  return kind === 'turn' && parsed.headers.size === 1 && header!.name === 'transport' && typeof header!.value === 'string' && header!.value !== '';
}

/**
 * `stunServers`: a URL or a list of them; `stun:` is added when neither `stun:` nor `stuns:` starts
 * one (legacy). An empty list means no STUN server (the legacy library kept `[]` instead of the default).
 */
export function checkStunServers(value: unknown): string[] {
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
  return list.map((entry) => {
    if (typeof entry !== 'string') throw new ConfigurationError('stunServers', value);
    const url = /^stuns?:/i.test(entry) ? entry : `stun:${entry}`;
    if (!isIceServerUrl(url, 'stun')) throw new ConfigurationError('stunServers', value);
    return url;
  });
}

/**
 * `turnServers`: one `{ urls, username, password }` object or a list of them (`server`, the older
 * spelling of one URL, wins over `urls` as in the legacy check); `turn:` is added to a URL without
 * `turn:`/`turns:`. Username and password are required. Errors name the field (`turnServers.urls`, …)
 * and never carry the password, since a ConfigurationError's message shows its value.
 */
export function checkTurnServers(value: unknown): TurnServer[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((entry): TurnServer => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigurationError('turnServers', entry);
    const fields = entry as { urls?: unknown; server?: unknown; username?: unknown; password?: unknown };
    const given = fields.server !== undefined ? [fields.server] : fields.urls;
    const urls: unknown[] = typeof given === 'string' ? [given] : Array.isArray(given) ? given : [];
    if (urls.length === 0) throw new ConfigurationError('turnServers.urls', given);
    if (typeof fields.username !== 'string' || fields.username === '') throw new ConfigurationError('turnServers.username', fields.username);
    if (typeof fields.password !== 'string' || fields.password === '') throw new ConfigurationError('turnServers.password');
    const checked = urls.map((entryUrl) => {
      if (typeof entryUrl !== 'string') throw new ConfigurationError('turnServers.urls', entryUrl);
      const url = /^turns?:/i.test(entryUrl) ? entryUrl : `turn:${entryUrl}`;
      if (!isIceServerUrl(url, 'turn')) throw new ConfigurationError('turnServers.urls', entryUrl);
      return url;
    });
    return Object.freeze({ urls: Object.freeze(checked), username: fields.username, password: fields.password });
  });
}
