// The Node WebRTC media handler, on `werift` (ICE, DTLS-SRTP in JavaScript). Node-only: exported from
// `sipforge/node` (src/node.ts), never from the browser-safe root.
export { WeriftSessionDescriptionHandler } from './werift-session-description-handler.js';
export type { WeriftPeerConnection, WeriftSessionDescriptionHandlerEvents } from './werift-session-description-handler.js';
export type { WeriftSessionDescriptionHandlerOptions } from './werift-session-description-handler-options.js';
export { weriftSessionDescriptionHandlerFactory } from './werift-session-description-handler-factory.js';
export { nodeMediaHandlerFactory, NodeMediaSessionDescriptionHandler, webRtcProfileOffered } from './node-media-handler-factory.js';
export type { NodeMediaHandlerFactoryOptions } from './node-media-handler-factory.js';
