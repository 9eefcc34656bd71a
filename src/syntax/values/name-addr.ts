import { quoteString } from './parameters.js';
import type { URI } from './uri.js';

/**
 * RFC 3261 §25.1 name-addr. The display name is always quoted so that any text a user
 * chose survives (a token-only name would need no quotes, but quoting is always legal).
 */
export function formatNameAddr(displayName: string | undefined, uri: URI): string {
  return displayName === undefined ? `<${uri}>` : `${quoteString(displayName)} <${uri}>`;
}
