// The package root: browser-safe. Node-only transports (UDP, TCP, TLS, `ws`) are in `sipforge/node`.
import { createSipNamespace, UA, type UAServices } from './api/index.js';
import type { UAConfigurationInput } from './api/configuration/ua-configuration-input.js';
import { webRtcSessionDescriptionHandlerFactory } from './session/media/webrtc/index.js';

export * from './syntax/index.js';
export * from './transport/index.js';
export * from './transaction/index.js';
export * from './core/index.js';
export * from './api/index.js';
// The browsers' media handler (RTCPeerConnection); nothing in it runs until a handler is made.
export * from './session/media/webrtc/index.js';

/**
 * `SIP.UA` for browsers: calls carry their media over WebRTC (one RTCPeerConnection per call)
 * unless the configuration or the call names another media handler. Where the platform has no
 * RTCPeerConnection or getUserMedia (the factory's `isSupported()` says no), a call without another
 * handler fails with WEBRTC_NOT_SUPPORTED, and an incoming one gets 488.
 */
export class BrowserUA extends UA {
  constructor(configuration?: string | UAConfigurationInput, services: UAServices = {}) {
    super(configuration, { mediaHandlerFactory: webRtcSessionDescriptionHandlerFactory, ...services });
  }
}

// `SIP.UA`, `import { UA }` and the script tag's global `SIP.UA` are this one (`sipforge/node` has its own).
export { BrowserUA as UA };
export const SIP = createSipNamespace(BrowserUA);
export default SIP;
