// The package root: browser-safe. Node-only transports (UDP, TCP, TLS, `ws`) are in `sipforge/node`.
import { SIP } from './api/index.js';

export * from './syntax/index.js';
export * from './transport/index.js';
export * from './transaction/index.js';
export * from './core/index.js';
export * from './api/index.js';
// The browsers' media handler (RTCPeerConnection); nothing in it runs until a handler is made.
export * from './session/media/webrtc/index.js';
export default SIP;
