import type { MessageLimits } from '../syntax/index.js';
import type { TransportFactory } from './server-connection.js';
import { randomInvalidHost } from './via-host.js';
import type { WebSocketFactory } from './websocket-like.js';
import { WebSocketTransport } from './websocket-transport.js';

export interface WebSocketTransportFactoryOptions {
  /** Default: the platform `WebSocket`. */
  webSocketFactory?: WebSocketFactory;
  /** Via sent-by host shared by every transport made; default one random `<id>.invalid`. */
  viaHost?: string;
  /** Bounds on each message received; default DEFAULT_MESSAGE_LIMITS. */
  limits?: Partial<MessageLimits>;
}

/** A TransportFactory for `ws:`/`wss:` servers, browser-safe; other schemes need the Node entry's `nodeTransportFactory`. */
export function webSocketTransportFactory(options: WebSocketTransportFactoryOptions = {}): TransportFactory {
  const viaHost = options.viaHost ?? randomInvalidHost();
  return (server) => {
    if (server.protocol !== 'WS' && server.protocol !== 'WSS') {
      throw new TypeError(`${server.protocol} servers need the Node transports: import SIP from 'sipforge/node'`);
    }
    return new WebSocketTransport({ url: server.uri, viaHost, webSocketFactory: options.webSocketFactory, limits: options.limits });
  };
}
