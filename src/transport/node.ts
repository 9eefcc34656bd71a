// Node-only transports (dgram, net, tls, ws). Never import this from index.ts or anything the browser entry reaches.
export * from './index.js';
export { UdpTransport } from './udp-transport.js';
export type { UdpTransportOptions } from './udp-transport.js';
export { StreamTransport } from './stream-transport.js';
export type { StreamTransportOptions } from './stream-transport.js';
export { TcpTransport } from './tcp-transport.js';
export type { TcpTransportOptions } from './tcp-transport.js';
export { TlsTransport } from './tls-transport.js';
export type { TlsTransportOptions, TlsOptions } from './tls-transport.js';
export { nodeWebSocketFactory } from './websocket-node.js';
export type { NodeWebSocketOptions } from './websocket-node.js';
export { nodeTransportFactory } from './node-transport-factory.js';
export { nodeListenTransportFactory } from './listen-transport-factory.js';
export type { NodeListenTransportOptions } from './listen-transport-factory.js';
export type { NodeTransportFactoryOptions } from './node-transport-factory.js';
