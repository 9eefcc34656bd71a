// A browser project (bundler resolution, DOM, no Node types): the root and the script-tag bundle.
import SIP, { WebSocketTransport, parseMessage, webRtcSessionDescriptionHandlerFactory, type UA } from 'sipforge';
import 'sipforge/browser';

export const ua: UA = new SIP.UA({ uri: 'alice@example.test', wsServers: 'wss://edge.example.test' });
export const global: typeof SIP = globalThis.SIP;
export const transport = WebSocketTransport;

// The WebRTC media handler has the DOM's own types where the program has the DOM library.
const handler = webRtcSessionDescriptionHandlerFactory({ constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout: 5000, extra: {} });
export const peerConnection: RTCPeerConnection = handler.peerConnection;
export const streams: MediaStream[] = handler.getRemoteStreams();

// The types are real, not `any` (an import that failed to resolve would make them so).
// @ts-expect-error: a message is text or bytes
export const wrong = parseMessage(42);
