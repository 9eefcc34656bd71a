import { describePeer, TransportError, type Peer, type Transport } from '../transport/transport.js';

/**
 * Where a client transaction sends its request, or where a server transaction's request came
 * from (its responses go back over the same flow, RFC 3261 §18.2.2). For unreliable transports
 * the caller has already resolved the Via `received`/`rport` into `peer`.
 */
export interface Flow {
  transport: Transport;
  peer: Peer;
}

/** A send failure as the TransportError the transaction user is given. */
export function toTransportError(error: unknown, flow: Flow): TransportError {
  return TransportError.from(error, describePeer(flow.peer), 'send failed: ');
}
