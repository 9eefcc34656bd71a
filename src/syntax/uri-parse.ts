import { parseRule } from '../../generated/index.js';
import { URI } from './values/index.js';

/** Parse a Request-URI form (SIP, SIPS, tel or any absolute URI); throws SipParseError. */
export function parseUri(text: string): URI {
  return parseRule('URI', text) as URI;
}

/** Parse `name-addr` or `addr-spec` (`"Bob" <sip:bob@example.com>` or `sip:bob@example.com`); throws SipParseError. */
export function parseNameAddr(text: string): { displayName: string | undefined; uri: URI } {
  return parseRule('NameAddrOrAddrSpec', text) as { displayName: string | undefined; uri: URI };
}
