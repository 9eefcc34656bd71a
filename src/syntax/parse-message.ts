import { parseDatagram } from './framing/datagram.js';
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';
import { SipParseError } from './values/index.js';

/**
 * Parse one SIP message (datagram semantics: see parseDatagram). Only the start line, the
 * header-line syntax and Content-Length are checked here; header values parse on first
 * access. Throws SipParseError, and nothing else, for any malformed input.
 */
export function parseMessage(data: string | Uint8Array): SipRequest | SipResponse {
  try {
    return parseDatagram(data);
  } catch (error) {
    if (error instanceof SipParseError) throw error;
    throw new SipParseError(`unparseable message: ${error instanceof Error ? error.message : String(error)}`, {
      offset: 0,
      rule: 'SIP-message',
      cause: error,
    });
  }
}
