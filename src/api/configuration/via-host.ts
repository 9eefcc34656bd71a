import { parseUri, SipParseError } from '../../syntax/index.js';
import { randomBytes, randomInvalidHost } from '../../transport/index.js';
import { ConfigurationError } from '../exceptions.js';

/** The `hackIpInContact` option: a boolean, or a host (name or address) to put in Via and Contact. */
export function checkHackIpInContact(value: unknown): boolean | string {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && isHost(value)) return value;
  throw new ConfigurationError('hackIpInContact', value);
}

/** Whether `text` is exactly an RFC 3261 §25.1 `host`: `sip:<text>` parses to that host and nothing else. */
function isHost(text: string): boolean {
  try {
    const uri = parseUri(`sip:${text}`);
    return uri.host === text && uri.user === undefined && uri.port === undefined && uri.params.size === 0 && !uri.hasHeaders;
  } catch (error) {
    if (error instanceof SipParseError) return false;
    throw error;
  }
}

/**
 * The Via sent-by and Contact host: `<12 random>.invalid` (RFC 7118 Appendix B.1) unless
 * `hackIpInContact` asks for a random TEST-NET-1 address (RFC 5737: 192.0.2.1–254) or gives a host.
 */
export function viaHostFor(hackIpInContact: boolean | string): string {
  if (typeof hackIpInContact === 'string') return hackIpInContact;
  if (hackIpInContact) return `192.0.2.${(randomBytes(1)[0]! % 254) + 1}`;
  return randomInvalidHost();
}
