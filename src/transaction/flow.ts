import { TransportError, type Peer, type Transport } from '../transport/transport.js';

/**
 * Where a client transaction sends its request, or where a server transaction's request came
 * from (its responses go back over the same flow, RFC 3261 §18.2.2). For unreliable transports
 * the caller has already resolved the Via `received`/`rport` into `peer`.
 */
export interface Flow {
  transport: Transport;
  peer: Peer;
}

/** How a peer is named in transport errors: `UDP 192.0.2.1:5060`. */
export function describePeer(peer: Peer): string {
  return `${peer.protocol} ${peer.host}:${peer.port}`;
}

/** A send failure as the TransportError the transaction user is given. */
export function toTransportError(error: unknown, flow: Flow): TransportError {
  if (error instanceof TransportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(`send failed: ${message}`, describePeer(flow.peer), { cause: error });
}
