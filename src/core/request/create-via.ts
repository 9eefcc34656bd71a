import { Parameters, ViaHeader } from '../../syntax/index.js';
import type { TransportDescriptor } from './transport-descriptor.js';

/**
 * The Via a UAC puts in a new request (RFC 3261 §8.1.1.7): SIP/2.0, the transport's token and
 * sent-by, the branch, and — where configured — an empty `rport` asking the server to
 * answer to the source port it saw (RFC 3581 §3).
 */
export function createVia(transport: TransportDescriptor, branch: string, rport: boolean): ViaHeader {
  const params = Parameters.of({ branch });
  if (rport) params.set('rport', null);
  return new ViaHeader({
    protocolName: 'SIP',
    protocolVersion: '2.0',
    transport: transport.protocol,
    // RFC 3261 §25.1: an IPv6 sent-by is written as an IPv6reference, in brackets.
    host: transport.viaHost.includes(':') && !transport.viaHost.startsWith('[') ? `[${transport.viaHost}]` : transport.viaHost,
    port: transport.viaPort,
    params,
  });
}
