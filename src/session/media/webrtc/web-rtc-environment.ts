import { systemClock, type Clock } from '../../../transport/clock.js';
import type { PlatformMediaStream, PlatformMediaStreamConstraints, PlatformRTCConfiguration, PlatformRTCPeerConnection } from './platform-types.js';

/**
 * What the WebRTC media handler takes from the platform. The browser's own by default
 * (`browserWebRtcEnvironment`); tests give fakes, so that ICE gathering, hold and failure handling
 * run in Node against a scripted peer connection and a FakeClock.
 */
export interface WebRtcEnvironment {
  createPeerConnection(configuration: PlatformRTCConfiguration): PlatformRTCPeerConnection;
  getUserMedia(constraints: PlatformMediaStreamConstraints): Promise<PlatformMediaStream>;
  /** An empty stream that collects the remote tracks of one session. */
  createMediaStream(): PlatformMediaStream;
  /**
   * The codec names (`opus`, `PCMU`, `telephone-event` …, as in an rtpmap) the platform receives for
   * a kind of media, to refuse a description it cannot decode; undefined when the platform cannot tell.
   */
  receiverCodecs(kind: 'audio' | 'video'): readonly string[] | undefined;
  clock: Clock;
}

/** Whether this platform has what the handler needs (legacy `mediaHandlerFactory.isSupported()`). */
export function isWebRtcSupported(): boolean {
  return typeof globalThis.RTCPeerConnection === 'function' && typeof globalThis.navigator?.mediaDevices?.getUserMedia === 'function';
}

/** The browser's RTCPeerConnection, media devices and timers. */
export function browserWebRtcEnvironment(): WebRtcEnvironment {
  return {
    createPeerConnection: (configuration) => new RTCPeerConnection(configuration),
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    createMediaStream: () => new MediaStream(),
    receiverCodecs: (kind) => {
      const capabilities = typeof RTCRtpReceiver?.getCapabilities === 'function' ? RTCRtpReceiver.getCapabilities(kind) : null;
      // mimeType is "audio/opus": the rtpmap encoding name is what follows the slash.
      return capabilities?.codecs.map((codec) => codec.mimeType.slice(codec.mimeType.indexOf('/') + 1));
    },
    clock: systemClock,
  };
}
