// Node entry (`sipforge/node`): everything of the root plus the transports that need Node modules.
export * from './index.js';
export {
  UdpTransport,
  StreamTransport,
  TcpTransport,
  TlsTransport,
  nodeWebSocketFactory,
  nodeTransportFactory,
} from './transport/node.js';
export type {
  UdpTransportOptions,
  StreamTransportOptions,
  TcpTransportOptions,
  TlsTransportOptions,
  TlsOptions,
  NodeWebSocketOptions,
  NodeTransportFactoryOptions,
} from './transport/node.js';
