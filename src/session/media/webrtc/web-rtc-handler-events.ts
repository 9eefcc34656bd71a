import type { SessionDescription, SessionDescriptionHandlerEvents } from '../../session-description-handler.js';
import type {
  PlatformHTMLMediaElement,
  PlatformMediaStream,
  PlatformMediaStreamConstraints,
  PlatformMediaStreamTrack,
  PlatformRTCIceCandidate,
  PlatformRTCPeerConnectionState,
} from './platform-types.js';

/**
 * The events of the browser media handler: the contract's (`failed`; `dtmf` is never emitted, since
 * browsers do not hand received RFC 4733 events to scripts) and the legacy `MediaHandler` ones that
 * still mean something on a standard RTCPeerConnection.
 */
export interface WebRtcSessionDescriptionHandlerEvents extends SessionDescriptionHandlerEvents {
  /** getUserMedia is about to be asked for these constraints. */
  userMediaRequest: (constraints: PlatformMediaStreamConstraints) => void;
  userMedia: (stream: PlatformMediaStream) => void;
  /** getUserMedia refused (no device, permission denied): the description that needed it rejects too. */
  userMediaFailed: (error: unknown) => void;
  iceGathering: () => void;
  iceCandidate: (candidate: PlatformRTCIceCandidate) => void;
  /** Candidate gathering ended, or its time (`iceGatheringTimeout`) ran out and the description goes with what it has. */
  iceGatheringComplete: (timedOut: boolean) => void;
  /** RTCPeerConnection's ICE connection states, one event each (legacy names). */
  iceConnection: () => void;
  iceConnectionChecking: () => void;
  iceConnectionConnected: () => void;
  iceConnectionCompleted: () => void;
  iceConnectionFailed: () => void;
  iceConnectionDisconnected: () => void;
  iceConnectionClosed: () => void;
  /** RTCPeerConnection's connection state (ICE and DTLS together) changed. */
  connectionStateChange: (state: PlatformRTCPeerConnectionState) => void;
  /** The first remote track arrived: the stream `getRemoteStreams()` returns from now on. */
  addStream: (stream: PlatformMediaStream) => void;
  /** A remote track arrived, added to the remote stream. */
  addTrack: (track: PlatformMediaStreamTrack, stream: PlatformMediaStream) => void;
  /**
   * A `media.render` element did not start playing (the browser's autoplay policy, before any user
   * gesture): it keeps its stream, and the application calls `play()` on it when the user acts.
   */
  playRefused: (element: PlatformHTMLMediaElement, error: unknown) => void;
  /** Our description, as handed to the session. */
  getDescription: (description: SessionDescription) => void;
  /** The peer's description, applied. */
  setDescription: (description: SessionDescription) => void;
}
