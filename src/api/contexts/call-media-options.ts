import type { SessionDescriptionHandlerFactory, SessionMedia } from '../../session/index.js';
import { checkStunServers, checkTurnServers } from '../configuration/ice-servers.js';
import type { MediaHandlerFactory, TurnServerInput } from '../configuration/ua-configuration-input.js';

/** The kinds of media of a call (legacy `mediaConstraints`). */
export interface MediaConstraintsInput {
  audio?: boolean | undefined;
  video?: boolean | undefined;
}

/** Legacy `media` option: `{ constraints, render, stream }`, or the constraints themselves. */
export interface LegacyMediaOptions extends MediaConstraintsInput {
  constraints?: MediaConstraintsInput | undefined;
  /** Browsers: `{ local, remote }` media elements to play the streams in. */
  render?: unknown;
  /** Browsers: a `MediaStream` to send instead of asking for the microphone/camera. */
  stream?: unknown;
}

/** The media options of one call (`ua.invite(target, options)`, legacy). */
export interface CallMediaOptions {
  media?: LegacyMediaOptions | undefined;
  mediaConstraints?: MediaConstraintsInput | undefined;
  mediaStream?: unknown;
  RTCConstraints?: unknown;
  mediaHandlerFactory?: MediaHandlerFactory | undefined;
  stunServers?: string | readonly string[] | undefined;
  turnServers?: TurnServerInput | readonly TurnServerInput[] | undefined;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false: ${String(value)}`);
  return value;
}

/** The kinds of media asked for (`media.constraints`, `media`, or `mediaConstraints`), each defaulting to `fallback`'s; undefined when none is named. */
export function constraintsOf(options: Pick<CallMediaOptions, 'media' | 'mediaConstraints'>, fallback: { audio: boolean; video: boolean }): { audio: boolean; video: boolean } | undefined {
  const media = options.media;
  if (media !== undefined && (typeof media !== 'object' || media === null)) throw new TypeError('media must be an object: { constraints, render, stream }');
  const given = media?.constraints ?? (media !== undefined && ('audio' in media || 'video' in media) ? media : options.mediaConstraints);
  if (given === undefined) return undefined;
  if (typeof given !== 'object' || given === null) throw new TypeError('mediaConstraints must be an object: { audio, video }');
  return { audio: flag('audio', given.audio, fallback.audio), video: flag('video', given.video, fallback.video) };
}

/**
 * The media of one call: the UA's (`defaults`) with what the call names instead — another factory,
 * the kinds of media, STUN/TURN servers — and the platform-specific options (`render`, `stream`,
 * `RTCConstraints`) handed to the factory as `extra`. Throws TypeError or ConfigurationError for a bad one.
 */
export function callMedia(defaults: SessionMedia, options: CallMediaOptions): SessionMedia {
  const factory = options.mediaHandlerFactory;
  if (factory !== undefined && typeof factory !== 'function') throw new TypeError('mediaHandlerFactory must be a function');
  const iceServers =
    options.stunServers === undefined && options.turnServers === undefined
      ? defaults.options.iceServers
      : [
          ...checkStunServers(options.stunServers ?? []).map((urls) => ({ urls })),
          ...checkTurnServers(options.turnServers ?? []).map((s) => ({ urls: s.urls, username: s.username, credential: s.password })),
        ];
  const extra: Record<string, unknown> = { ...defaults.options.extra };
  if (options.media?.render !== undefined) extra.render = options.media.render;
  const stream = options.media?.stream ?? options.mediaStream;
  if (stream !== undefined) extra.stream = stream;
  if (options.RTCConstraints !== undefined) extra.RTCConstraints = options.RTCConstraints;
  return {
    factory: factory === undefined ? defaults.factory : supported(factory),
    options: {
      ...defaults.options,
      constraints: constraintsOf(options, defaults.options.constraints) ?? defaults.options.constraints,
      iceServers,
      extra,
    },
  };
}

/** A factory whose `isSupported()` says no is no factory (legacy): the call fails with WEBRTC_NOT_SUPPORTED. */
export function supported(factory: MediaHandlerFactory | SessionDescriptionHandlerFactory | undefined): SessionDescriptionHandlerFactory | undefined {
  if (factory === undefined) return undefined;
  const probe = (factory as MediaHandlerFactory).isSupported;
  if (typeof probe === 'function' && !probe.call(factory)) return undefined;
  return factory as SessionDescriptionHandlerFactory;
}
