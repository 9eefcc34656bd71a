// The session layer (DESIGN.md): INVITE sessions, offer/answer and the media handler interface.
// Media implementations are not exported here: `session/media/webrtc` from the browser entry,
// `session/media/rtp` from `sipforge/node` only.
export { IncompatibleDescriptionError } from './session-description-handler.js';
export type {
  DescriptionModifiers,
  DtmfOptions,
  MediaKinds,
  SessionDescription,
  SessionDescriptionHandler,
  SessionDescriptionHandlerEvents,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerOptions,
} from './session-description-handler.js';
export { answerDirection, directionOf, holdsCall, offerDirection } from './sdp/direction.js';
export type { MediaDirection } from './sdp/direction.js';
