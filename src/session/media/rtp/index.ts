// The Node media handler: RTP/AVP audio on UDP. Node-only (dgram, fs, streams): exported from
// `sipforge/node` (src/node.ts), never from the browser-safe root.
export { RtpSessionDescriptionHandler } from './rtp-session-description-handler.js';
export type { RtpSessionDescriptionHandlerEvents } from './rtp-session-description-handler.js';
export { rtpSessionDescriptionHandlerFactory } from './rtp-session-description-handler-factory.js';
export type { RtpSessionDescriptionHandlerOptions } from './rtp-session-description-handler-options.js';
export type { G711CodecName } from './g711-codec.js';
export { udpMediaSocketFactory } from './media-socket.js';
export type { MediaAddress, MediaSocketFactory, MediaSocketHandlers, MediaSocketPair, MediaSocketRequest } from './media-socket.js';
export type { RtpStreamStatistics } from './rtp-audio-stream.js';
export type { WavRecording } from './wav-audio.js';
