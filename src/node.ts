// Node entry (`sipforge/node`): everything of the root plus the transports that need Node
// modules, and a `SIP.UA` whose connections use them (`ws` for WebSocket servers; UDP, TCP and
// TLS for `udp:`, `tcp:` and `tls:` servers).
import { createSipNamespace, UA, type UAServices } from './api/index.js';
import type { UAConfigurationInput } from './api/configuration/ua-configuration-input.js';
import type { UAConfiguration } from './api/configuration/index.js';
import { nodeListenTransportFactory, nodeTransportFactory } from './transport/node.js';
import { rtpSessionDescriptionHandlerFactory } from './session/media/rtp/index.js';

export * from './index.js';
export {
  UdpTransport,
  StreamTransport,
  TcpTransport,
  TlsTransport,
  nodeWebSocketFactory,
  nodeTransportFactory,
  nodeListenTransportFactory,
} from './transport/node.js';
export type {
  UdpTransportOptions,
  StreamTransportOptions,
  TcpTransportOptions,
  TlsTransportOptions,
  TlsOptions,
  NodeWebSocketOptions,
  NodeTransportFactoryOptions,
  NodeListenTransportOptions,
} from './transport/node.js';

// The Node media handler: RTP audio on UDP (only here: it needs dgram, fs and Node streams).
export { RtpSessionDescriptionHandler, rtpSessionDescriptionHandlerFactory, udpMediaSocketFactory } from './session/media/rtp/index.js';
export type {
  RtpSessionDescriptionHandlerEvents,
  RtpSessionDescriptionHandlerOptions,
  G711CodecName,
  MediaAddress,
  MediaSocketFactory,
  MediaSocketHandlers,
  MediaSocketPair,
  MediaSocketRequest,
  RtpStreamStatistics,
  WavRecording,
} from './session/media/rtp/index.js';

// The Node WebRTC media handler (werift: ICE, DTLS-SRTP), and the factory that picks it or the RTP one per call.
export {
  WeriftSessionDescriptionHandler,
  weriftSessionDescriptionHandlerFactory,
  nodeMediaHandlerFactory,
  NodeMediaSessionDescriptionHandler,
  webRtcProfileOffered,
} from './session/media/werift/index.js';
export type { WeriftPeerConnection, WeriftSessionDescriptionHandlerEvents, WeriftSessionDescriptionHandlerOptions, NodeMediaHandlerFactoryOptions } from './session/media/werift/index.js';

/**
 * `SIP.UA` for Node: servers are reached through Node's sockets and the `ws` package, the `listen`
 * option binds a UDP or TCP socket, and calls carry RTP audio on UDP unless the configuration or
 * the call names another media handler.
 */
// What every NodeUA is given, made once for the process rather than once per UA (a process holds
// thousands of UAs; each kept these three functions and the services object). The RTP handler factory
// holds no state of a UA: each call gets its own handler.
const NODE_SERVICES: UAServices = Object.freeze({
  // RFC 3261 §18.1.1: over UDP, TCP and TLS the Via and Contact name the local address the
  // server reaches us at; the random `.invalid` host is for WebSocket clients (RFC 7118 Appendix B.1).
  transportFactory: (conf: UAConfiguration) =>
    nodeTransportFactory({ viaHost: conf.hackIpInContact === false ? undefined : conf.viaHost, webSocketViaHost: conf.viaHost }),
  listenTransportFactory: () => nodeListenTransportFactory(),
  mediaHandlerFactory: rtpSessionDescriptionHandlerFactory(),
});

export class NodeUA extends UA {
  constructor(configuration?: string | UAConfigurationInput, services: UAServices = {}) {
    super(configuration, Object.keys(services).length === 0 ? NODE_SERVICES : { ...NODE_SERVICES, ...services });
  }
}

// Legacy code reaches the UA as `SIP.UA`, `require('sipforge').UA` or `import { UA }`: in Node each
// of them is this one (the root's `UA` would look for a platform WebSocket that Node 20 lacks).
export { NodeUA as UA };
export const SIP = createSipNamespace(NodeUA);
export default SIP;
