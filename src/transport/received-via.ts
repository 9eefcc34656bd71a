import { SipParseError, SipRequest, type SipResponse, type ViaHeader } from '../syntax/index.js';
import type { Peer } from './transport.js';

// Addresses only: `received` holds the IP address the request came from (RFC 3261 §18.2.1, §25.1).
const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)$/i;

/**
 * What the server transport does to a request before passing it up (RFC 3261 §18.2.1): record
 * on its top Via where it was seen, so that its responses (which copy the Via) tell the client,
 * and §18.2.2 sends them there. `received` with the source address when the sent-by host is not
 * that address; an empty `rport` filled with the source port, `received` then always added
 * (RFC 3581 §4). Only for sockets that know the peer's address (UDP, TCP).
 *
 * Left as they came: responses; ACKs, which are never answered (RFC 3261 §17.1.1.3), so no copy
 * of their Via goes anywhere; a Via that already names the source and asks no rport (nothing is
 * copied then); and a Via that cannot be read, which the layers above refuse. A retransmission is
 * stamped like the first copy: transactions match on branch and sent-by (§17.2.3), or for an
 * RFC 2543 request on a Via compared without received and rport, and answer it with the response
 * they kept.
 */
export function stampTopVia(message: SipRequest | SipResponse, from: Peer): void {
  if (!(message instanceof SipRequest) || message.method === 'ACK') return;
  if (from.protocol !== 'UDP' && from.protocol !== 'TCP') return;
  let vias: ViaHeader[];
  try {
    const via = message.via;
    const wantsRport = via.rport === true;
    if (!wantsRport && via.host.replace(/^\[(.*)\]$/, '$1').toLowerCase() === from.host.toLowerCase()) return;
    if (!IP_ADDRESS.test(from.host)) return;
    vias = message.headers('Via');
  } catch (error) {
    // The top Via is the core's to refuse (400); one below it is only copied into the responses, as it came.
    if (error instanceof SipParseError) return;
    throw error;
  }
  const [top, ...rest] = vias;
  const stamped = top!.clone();
  stamped.received = from.host;
  if (stamped.rport === true) stamped.rport = from.port;
  message.setHeader('Via', [stamped, ...rest]);
}
