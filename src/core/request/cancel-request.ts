import { SipRequest } from '../../syntax/index.js';
import { parseExtraHeaders, type ExtraHeaders } from './extra-headers.js';
import { copyNextHop } from './request-destination.js';

/**
 * The CANCEL for a pending request (RFC 3261 §9.1): the same Request-URI, Call-ID, To, From
 * and CSeq number, CSeq method CANCEL, a single Via equal to the request's top Via (so the
 * server transaction matches it, §17.2.3) and the same Route values. Extra headers (e.g. a
 * Reason, RFC 3326) are checked like any other. It goes to the request's next hop.
 */
export function createCancel(request: SipRequest, options: { extraHeaders?: ExtraHeaders | undefined } = {}): SipRequest {
  if (request.method === 'ACK' || request.method === 'CANCEL') {
    throw new TypeError(`an ${request.method} cannot be cancelled (RFC 3261 §9.1)`);
  }
  const extra = parseExtraHeaders(options.extraHeaders);
  const cancel = new SipRequest('CANCEL', request.uri.clone());
  cancel.addHeader('Via', request.via.clone());
  cancel.addHeader('Max-Forwards', '70');
  for (const route of request.headers('Route')) cancel.addHeader('Route', route.clone());
  cancel.addHeader('To', request.to.clone());
  cancel.addHeader('From', request.from.clone());
  cancel.addHeader('Call-ID', request.callId);
  cancel.addHeader('CSeq', `${request.cseq.seq} CANCEL`);
  for (const header of extra) cancel.addHeader(header.name, header.value);
  // §9.1: the CANCEL goes where the request it cancels went.
  copyNextHop(request, cancel);
  return cancel;
}
