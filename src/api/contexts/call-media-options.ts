import type { SessionDescriptionHandlerFactory, SessionMedia } from '../../session/index.js';
import type { PlatformHTMLMediaElement } from '../../session/media/webrtc/platform-types.js';
import { checkStunServers, checkTurnServers } from '../configuration/ice-servers.js';
import type { MediaHandlerFactory, TurnServerInput } from '../configuration/ua-configuration-input.js';

/**
 * One kind of media: wanted or not, or, in browsers, wanted with the track constraints of getUserMedia
 * (`{ deviceId }`, `{ echoCancellation: false }` …), which reach it as given.
 */
export type MediaKindConstraint = boolean | Readonly<Record<string, unknown>>;

/** The kinds of media of a call (legacy `mediaConstraints`). */
export interface MediaConstraintsInput {
  audio?: MediaKindConstraint | undefined;
  video?: MediaKindConstraint | undefined;
}

/** Legacy `media` option: `{ constraints, render, stream }`, or the constraints themselves. */
export interface LegacyMediaOptions extends MediaConstraintsInput {
  constraints?: MediaConstraintsInput | undefined;
  /** Browsers: `{ local, remote }` media elements to play the streams in. */
  render?: unknown;
  /** Browsers: a `MediaStream` to send instead of asking for the microphone/camera. */
  stream?: unknown;
  /** Node with `nodeMediaHandlerFactory`: offer WebRTC media (true) or plain RTP (false) for this call. */
  webrtc?: boolean | undefined;
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

/**
 * An `<audio>` or `<video>` element, where the program knows the DOM (browsers); never elsewhere, so
 * that in Node the options of `invite()`/`accept()` stay what they are.
 */
export type MediaElementOption = unknown extends PlatformHTMLMediaElement ? never : PlatformHTMLMediaElement;

/**
 * Legacy shorthand: a media element in place of the options of `invite()`/`accept()` means audio (and
 * video for a `<video>`), with the remote stream played in it.
 */
export function desugarMediaElement<T extends object>(options: T | MediaElementOption | undefined): T | { media: LegacyMediaOptions } {
  const Element = (globalThis as { HTMLMediaElement?: abstract new () => { tagName: string } }).HTMLMediaElement;
  if (typeof Element === 'function' && options instanceof Element) {
    return { media: { constraints: { audio: true, video: options.tagName === 'VIDEO' }, render: { remote: options } } };
  }
  return (options ?? {}) as T;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a kind of media is wanted: a boolean as it is, track constraints as yes. */
function wanted(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (isObject(value)) return true;
  throw new TypeError(`${name} must be true or false (or, in browsers, an object of track constraints): ${String(value)}`);
}

/** The constraints as the application wrote them (`media.constraints`, `media` itself, or `mediaConstraints`); undefined when none. */
function givenConstraints(options: Pick<CallMediaOptions, 'media' | 'mediaConstraints'>): MediaConstraintsInput | undefined {
  const media = options.media;
  if (media !== undefined && !isObject(media)) throw new TypeError('media must be an object: { constraints, render, stream }');
  const given = media?.constraints ?? (media !== undefined && ('audio' in media || 'video' in media) ? media : options.mediaConstraints);
  if (given === undefined) return undefined;
  if (!isObject(given)) throw new TypeError('mediaConstraints must be an object: { audio, video }');
  return given;
}

/** The kinds of media asked for (`media.constraints`, `media`, or `mediaConstraints`), each defaulting to `fallback`'s; undefined when none is named. */
export function constraintsOf(options: Pick<CallMediaOptions, 'media' | 'mediaConstraints'>, fallback: { audio: boolean; video: boolean }): { audio: boolean; video: boolean } | undefined {
  const given = givenConstraints(options);
  if (given === undefined) return undefined;
  return { audio: wanted('audio', given.audio, fallback.audio), video: wanted('video', given.video, fallback.video) };
}

/**
 * The platform options of a call as a media handler reads them from `extra` (the WebRTC handler:
 * `media: { constraints, render, stream }` and `RTCConstraints`): the constraints as written (track
 * constraints included), the render elements, the stream given as `media.stream` or `mediaStream`.
 */
export function mediaExtra(options: Pick<CallMediaOptions, 'media' | 'mediaConstraints' | 'mediaStream' | 'RTCConstraints'>): Record<string, unknown> {
  const media: Record<string, unknown> = {};
  const constraints = givenConstraints(options);
  // Only the kinds: `media` itself may be the constraints, with `render` and `stream` beside them.
  if (constraints !== undefined) {
    media.constraints = Object.fromEntries(Object.entries({ audio: constraints.audio, video: constraints.video }).filter(([, value]) => value !== undefined));
  }
  if (options.media?.render !== undefined) media.render = options.media.render;
  const stream = options.media?.stream ?? options.mediaStream;
  if (stream !== undefined) media.stream = stream;
  const webrtc = options.media?.webrtc;
  if (webrtc !== undefined && typeof webrtc !== 'boolean') throw new TypeError(`media.webrtc must be true or false, not ${String(webrtc)}`);
  if (webrtc !== undefined) media.webrtc = webrtc;
  const extra: Record<string, unknown> = {};
  if (Object.keys(media).length > 0) extra.media = media;
  if (options.RTCConstraints !== undefined) extra.RTCConstraints = options.RTCConstraints;
  return extra;
}

/**
 * The media of one call: the UA's (`defaults`) with what the call names instead — another factory,
 * the kinds of media, STUN/TURN servers — and the platform-specific options (`mediaExtra`) handed to
 * the factory as `extra`. Throws TypeError or ConfigurationError for a bad one.
 */
export function callMedia(defaults: SessionMedia, options: CallMediaOptions): SessionMedia {
  const factory = options.mediaHandlerFactory;
  if (factory !== undefined && typeof factory !== 'function') throw new TypeError('mediaHandlerFactory must be a function');
  const iceServers = callIceServers(options) ?? defaults.options.iceServers;
  const extra = { ...defaults.options.extra, ...mediaExtra(options) };
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

/**
 * The STUN and TURN servers a call names (`stunServers`, `turnServers`, as in the UA configuration:
 * a TURN `password` is the RTCIceServer `credential`), or undefined when it names none. Throws
 * ConfigurationError for a bad one.
 */
export function callIceServers(options: Pick<CallMediaOptions, 'stunServers' | 'turnServers'>): SessionMedia['options']['iceServers'] | undefined {
  if (options.stunServers === undefined && options.turnServers === undefined) return undefined;
  return [
    ...checkStunServers(options.stunServers ?? []).map((urls) => ({ urls })),
    ...checkTurnServers(options.turnServers ?? []).map((s) => ({ urls: s.urls, username: s.username, credential: s.password })),
  ];
}

/** A factory whose `isSupported()` says no is no factory (legacy): the call fails with WEBRTC_NOT_SUPPORTED. */
export function supported(factory: MediaHandlerFactory | SessionDescriptionHandlerFactory | undefined): SessionDescriptionHandlerFactory | undefined {
  if (factory === undefined) return undefined;
  const probe = (factory as MediaHandlerFactory).isSupported;
  if (typeof probe === 'function' && !probe.call(factory)) return undefined;
  return factory as SessionDescriptionHandlerFactory;
}
