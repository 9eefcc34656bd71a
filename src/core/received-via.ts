import type { SipRequest } from '../syntax/index.js';
import type { Peer } from '../transport/transport.js';

// Addresses only: `received` holds the IP address the request came from (RFC 3261 §18.2.1, §25.1).
const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)$/i;

/**
 * Record on the top Via where a request was seen, so that its responses (which copy the Via)
 * tell the client: `received` with the source address when the sent-by host is not that address
 * (RFC 3261 §18.2.1), and an empty `rport` filled with the source port, `received` then always
 * added (RFC 3581 §4). Only for sockets that know the peer's address (UDP, TCP).
 */
export function stampTopVia(request: SipRequest, from: Peer): void {
  if ((from.protocol !== 'UDP' && from.protocol !== 'TCP') || !IP_ADDRESS.test(from.host)) return;
  const via = request.via;
  const wantsRport = via.rport === true;
  if (!wantsRport && via.host.replace(/^\[(.*)\]$/, '$1').toLowerCase() === from.host.toLowerCase()) return;
  const [top, ...rest] = request.headers('Via');
  const stamped = top!.clone();
  stamped.received = from.host;
  if (wantsRport) stamped.rport = from.port;
  request.setHeader('Via', [stamped, ...rest]);
}
