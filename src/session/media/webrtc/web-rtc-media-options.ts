import type { SessionDescriptionHandlerOptions } from '../../session-description-handler.js';

/** Where the local and remote media are shown (legacy `media.render`). */
export interface MediaRender {
  local?: HTMLMediaElement | undefined;
  remote?: HTMLMediaElement | undefined;
}

/** The browser-specific part of a call's options, read from `SessionDescriptionHandlerOptions.extra`. */
export interface WebRtcMediaOptions {
  /** What getUserMedia is asked for: the application's own constraints when it gave objects (device ids …). */
  constraints: MediaStreamConstraints;
  /** A stream the application opened itself: used instead of getUserMedia, and left running by close(). */
  stream: MediaStream | undefined;
  render: MediaRender;
  /** The UA's `rtcpMuxPolicy`: `require`, or the legacy `negotiate`. */
  rtcpMuxPolicy: 'require' | 'negotiate' | undefined;
  /** Options of createOffer, from the legacy `RTCConstraints` (`offerToReceiveAudio`, `iceRestart` …). */
  offerOptions: RTCOfferOptions;
  /** Leave TCP candidates out of our descriptions (legacy UA option `hackStripTcp`). */
  stripTcpCandidates: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isMediaStream = (value: unknown): value is MediaStream => isObject(value) && typeof value.getTracks === 'function';

const isMediaElement = (value: unknown): value is HTMLMediaElement => isObject(value) && 'srcObject' in value;

function constraintOf(value: unknown, fallback: boolean): boolean | MediaTrackConstraints {
  return typeof value === 'boolean' || isObject(value) ? (value as boolean | MediaTrackConstraints) : fallback;
}

/**
 * Legacy RTCConstraints were the constraints of createOffer/createAnswer, either flat or in the old
 * `{ mandatory: { OfferToReceiveAudio: true } }` form; the ones createOffer still knows are kept.
 */
function offerOptionsOf(value: unknown): RTCOfferOptions {
  if (!isObject(value)) return {};
  const flat: Record<string, unknown> = { ...(isObject(value.mandatory) ? value.mandatory : {}), ...value };
  const pick = (name: string): boolean | undefined => {
    const given = flat[name] ?? flat[name.charAt(0).toUpperCase() + name.slice(1)];
    return typeof given === 'boolean' ? given : undefined;
  };
  const options: RTCOfferOptions = {};
  const audio = pick('offerToReceiveAudio');
  const video = pick('offerToReceiveVideo');
  const iceRestart = pick('iceRestart');
  if (audio !== undefined) options.offerToReceiveAudio = audio;
  if (video !== undefined) options.offerToReceiveVideo = video;
  if (iceRestart !== undefined) options.iceRestart = iceRestart;
  return options;
}

/**
 * The handler's options from what the session passed: `media` (`{ constraints, render, stream }`),
 * its alias `mediaConstraints`, `mediaStream`, `RTCConstraints`, and the UA's `rtcpMuxPolicy` and
 * `hackStripTcp`. Values of the wrong shape are ignored (the session's constraints then apply).
 */
export function webRtcMediaOptions(options: SessionDescriptionHandlerOptions): WebRtcMediaOptions {
  const extra = options.extra;
  const media = isObject(extra.media) ? extra.media : {};
  const given = isObject(media.constraints) ? media.constraints : isObject(extra.mediaConstraints) ? extra.mediaConstraints : {};
  const render = isObject(media.render) ? media.render : {};
  const stream = isMediaStream(media.stream) ? media.stream : isMediaStream(extra.mediaStream) ? extra.mediaStream : undefined;
  const rtcpMuxPolicy = extra.rtcpMuxPolicy === 'require' || extra.rtcpMuxPolicy === 'negotiate' ? extra.rtcpMuxPolicy : undefined;
  return {
    constraints: {
      audio: constraintOf(given.audio, options.constraints.audio),
      video: constraintOf(given.video, options.constraints.video),
    },
    stream,
    render: {
      local: isMediaElement(render.local) ? render.local : undefined,
      remote: isMediaElement(render.remote) ? render.remote : undefined,
    },
    rtcpMuxPolicy,
    offerOptions: offerOptionsOf(extra.RTCConstraints),
    stripTcpCandidates: extra.hackStripTcp === true,
  };
}

/** The RTCPeerConnection configuration of a session: its STUN/TURN servers and RTCP multiplexing. */
export function peerConnectionConfiguration(options: SessionDescriptionHandlerOptions, media: WebRtcMediaOptions): RTCConfiguration {
  const configuration: RTCConfiguration = {
    iceServers: options.iceServers.map((server) => ({
      urls: typeof server.urls === 'string' ? server.urls : [...server.urls],
      ...(server.username !== undefined ? { username: server.username } : {}),
      ...(server.credential !== undefined ? { credential: server.credential } : {}),
    })),
  };
  // Passed as configured (legacy). `negotiate` (RTCP on its own port unless the peer muxes, RFC 5761
  // §5.1.3) is gone from the WebRTC specification, hence the cast, but Chromium still takes it.
  if (media.rtcpMuxPolicy !== undefined) configuration.rtcpMuxPolicy = media.rtcpMuxPolicy as RTCRtcpMuxPolicy;
  return configuration;
}
