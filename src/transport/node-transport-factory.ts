import type { MessageLimits } from '../syntax/index.js';
import type { TransportFactory } from './server-connection.js';
import { TcpTransport } from './tcp-transport.js';
import { TlsTransport, type TlsOptions } from './tls-transport.js';
import { UdpTransport } from './udp-transport.js';
import { nodeWebSocketFactory, type NodeWebSocketOptions } from './websocket-node.js';
import { webSocketTransportFactory } from './websocket-transport-factory.js';

export interface NodeTransportFactoryOptions {
  /** Options for `ws:`/`wss:` servers (TLS trust, handshake headers). */
  webSocket?: NodeWebSocketOptions;
  /** Options for `tls:` servers. */
  tls?: TlsOptions;
  /** Via sent-by host for WebSocket transports; default one random `<id>.invalid`. */
  webSocketViaHost?: string;
  /**
   * Via sent-by host for UDP/TCP/TLS transports; default the local address facing the server
   * (UDP: the one the system sends from toward it; TCP/TLS: that of the connection).
   */
  viaHost?: string;
  /** Bounds on each message received, on every transport made; default DEFAULT_MESSAGE_LIMITS. */
  limits?: Partial<MessageLimits>;
}

/**
 * A TransportFactory for every scheme in Node: `ws:`/`wss:` on the `ws` package, `udp:` on an
 * ephemeral local port, `tcp:`/`tls:` as a client connection to the server.
 */
export function nodeTransportFactory(options: NodeTransportFactoryOptions = {}): TransportFactory {
  const webSocket = webSocketTransportFactory({
    webSocketFactory: nodeWebSocketFactory(options.webSocket),
    viaHost: options.webSocketViaHost,
    limits: options.limits,
  });
  return (server) => {
    const remote = { host: server.host, port: server.port };
    switch (server.protocol) {
      case 'WS':
      case 'WSS':
        return webSocket(server);
      case 'UDP':
        return new UdpTransport({ remote, viaHost: options.viaHost, limits: options.limits });
      case 'TCP':
        return new TcpTransport({ remote, viaHost: options.viaHost, limits: options.limits });
      case 'TLS':
        return new TlsTransport({ remote, viaHost: options.viaHost, tls: options.tls, limits: options.limits });
    }
  };
}
