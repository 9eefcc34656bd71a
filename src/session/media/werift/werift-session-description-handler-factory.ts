import type { SessionDescriptionHandlerFactory } from '../../session-description-handler.js';
import { resolveWeriftOptions, type WeriftSessionDescriptionHandlerOptions } from './werift-session-description-handler-options.js';
import { WeriftSessionDescriptionHandler } from './werift-session-description-handler.js';

/**
 * A media handler factory (UA option `mediaHandlerFactory`, or a call's) whose sessions carry WebRTC
 * media from Node: each gets a `WeriftSessionDescriptionHandler` with these options, checked here once.
 */
export function weriftSessionDescriptionHandlerFactory(options: WeriftSessionDescriptionHandlerOptions = {}): SessionDescriptionHandlerFactory {
  resolveWeriftOptions(options);
  const own = { ...options };
  return (session) => new WeriftSessionDescriptionHandler(own, session);
}
