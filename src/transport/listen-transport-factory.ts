import type { MessageLimits } from '../syntax/index.js';
import type { ListenTransportFactory } from './listen-address.js';
import { TcpTransport } from './tcp-transport.js';
import { UdpTransport } from './udp-transport.js';

export interface NodeListenTransportOptions {
  /** Bounds on each message received; default DEFAULT_MESSAGE_LIMITS. */
  limits?: Partial<MessageLimits>;
}

/**
 * A listening transport in Node: one UDP socket, or a TCP listener that also opens connections
 * on demand (RFC 3261 §18.1.1), bound to the address given; both send to any peer.
 */
export function nodeListenTransportFactory(options: NodeListenTransportOptions = {}): ListenTransportFactory {
  return (address) =>
    address.protocol === 'UDP'
      ? new UdpTransport({ host: address.host, port: address.port, limits: options.limits })
      : new TcpTransport({ host: address.host, port: address.port, listen: true, limits: options.limits });
}
