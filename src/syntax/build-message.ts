import { parseRule } from '../../generated/index.js';
import type { MessageHead } from './framing/message-head.js';
import { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';
import { SipParseError, type URI } from './values/index.js';

interface RequestLine {
  method: string;
  uri: URI;
  version: string;
}

interface StatusLine {
  version: string;
  status: number;
  reason: string;
}

// RFC 3261 §7.1: this specification defines SIP/2.0; anything else is answered 505 by a UAS.
function checkVersion(version: string): string {
  if (version.toUpperCase() !== 'SIP/2.0') {
    throw new SipParseError(`unsupported SIP version ${version}`, { offset: 0, rule: 'SIP-Version' });
  }
  return version;
}

/** Turn a split header block and its body into a request or a response (start line parsed now, headers lazily). */
export function buildMessage(head: MessageHead, body: Uint8Array): SipRequest | SipResponse {
  const { startLine, lines } = head;
  if (startLine.startsWith('SIP/') || startLine.startsWith('sip/')) {
    const line = parseRule('StatusLine', startLine) as StatusLine;
    // RFC 3261 §21 defines 1xx to 6xx only; an element cannot act on anything else (RFC 4475 §3.1.2.19).
    if (line.status < 100 || line.status > 699) {
      throw new SipParseError(`status code ${line.status} outside 100-699`, { offset: startLine.indexOf(' ') + 1, rule: 'Status-Code' });
    }
    return new SipResponse(line.status, line.reason, { version: checkVersion(line.version), lines, body });
  }
  const line = parseRule('RequestLine', startLine) as RequestLine;
  // RFC 3261 §19.1.1 (table): a Request-URI carries no headers component (RFC 4475 §3.1.2.11).
  if (line.uri.hasHeaders) {
    throw new SipParseError('the Request-URI must not contain headers (RFC 3261 §19.1.1)', {
      offset: startLine.indexOf('?'),
      rule: 'Request-URI',
    });
  }
  return new SipRequest(line.method, line.uri, { version: checkVersion(line.version), lines, body });
}
