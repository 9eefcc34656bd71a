import type { SessionDescriptionHandlerFactory } from '../../session-description-handler.js';
import { RtpSessionDescriptionHandler } from './rtp-session-description-handler.js';
import { resolveRtpOptions, type RtpSessionDescriptionHandlerOptions } from './rtp-session-description-handler-options.js';

/**
 * The media handler factory of `sipforge/node` (UA option `mediaHandlerFactory`): each session gets
 * an `RtpSessionDescriptionHandler` with these options. The options are checked here, once, so a
 * bad one fails when the UA is configured rather than at the first call.
 */
export function rtpSessionDescriptionHandlerFactory(options: RtpSessionDescriptionHandlerOptions = {}): SessionDescriptionHandlerFactory {
  resolveRtpOptions(options);
  const own = { ...options };
  return (session) => new RtpSessionDescriptionHandler(own, session);
}
