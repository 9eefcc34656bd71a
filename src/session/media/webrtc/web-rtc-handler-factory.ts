import type { SessionDescriptionHandlerFactory } from '../../session-description-handler.js';
import { browserWebRtcEnvironment, isWebRtcSupported, type WebRtcEnvironment } from './web-rtc-environment.js';
import { WebRtcSessionDescriptionHandler } from './web-rtc-session-description-handler.js';

/** A media handler factory with the legacy `isSupported()` probe. */
export interface WebRtcSessionDescriptionHandlerFactory extends SessionDescriptionHandlerFactory {
  (...args: Parameters<SessionDescriptionHandlerFactory>): WebRtcSessionDescriptionHandler;
  isSupported(): boolean;
}

/**
 * A factory of WebRTC media handlers on the given platform (a test's fakes); without one, the
 * browser's, looked up when a handler is made, so that importing this module touches no DOM global.
 */
export function createWebRtcSessionDescriptionHandlerFactory(environment?: WebRtcEnvironment): WebRtcSessionDescriptionHandlerFactory {
  const factory = (options: Parameters<SessionDescriptionHandlerFactory>[0]): WebRtcSessionDescriptionHandler =>
    new WebRtcSessionDescriptionHandler(options, environment ?? browserWebRtcEnvironment());
  return Object.assign(factory, { isSupported: () => environment !== undefined || isWebRtcSupported() });
}

/** The browsers' default media handler factory: one RTCPeerConnection per session. */
export const webRtcSessionDescriptionHandlerFactory: WebRtcSessionDescriptionHandlerFactory = createWebRtcSessionDescriptionHandlerFactory();
