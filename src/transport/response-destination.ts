import type { SipRequest } from '../syntax/index.js';
import type { Peer } from './transport.js';

/**
 * Where responses to `request` go (RFC 3261 §18.2.2, RFC 3581 §4). Over a connection they go
 * back on it. Over UDP they go to the source address (the `received` that stampTopVia records)
 * and to the source port when the client asked for `rport`, else to the Via port; to `maddr`
 * when the Via names one.
 */
export function responseDestination(request: SipRequest, from: Peer): Peer {
  if (from.connectionId !== undefined || from.protocol !== 'UDP') return from;
  const via = request.via;
  if (via.maddr !== undefined) return { protocol: 'UDP', host: via.maddr, port: via.port ?? 5060 };
  const port = via.rport !== undefined ? from.port : (via.port ?? 5060);
  // The source itself when it is the answer: the transactions of one peer then share one Peer.
  return port === from.port ? from : { protocol: 'UDP', host: from.host, port };
}
