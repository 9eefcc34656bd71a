// The browser media handler: the only DOM/WebRTC code of the library (DESIGN.md, layer `session`).
export { WebRtcSessionDescriptionHandler } from './web-rtc-session-description-handler.js';
export { createWebRtcSessionDescriptionHandlerFactory, webRtcSessionDescriptionHandlerFactory } from './web-rtc-handler-factory.js';
export type { WebRtcSessionDescriptionHandlerFactory } from './web-rtc-handler-factory.js';
export { browserWebRtcEnvironment, isWebRtcSupported } from './web-rtc-environment.js';
export type { WebRtcEnvironment } from './web-rtc-environment.js';
export type { WebRtcSessionDescriptionHandlerEvents } from './web-rtc-handler-events.js';
export type * from './platform-types.js';
