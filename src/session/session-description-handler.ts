import type { Emitter } from '../transport/index.js';

/** A session description as a SIP body carries it (RFC 3261 §13, RFC 3264): `application/sdp` text. */
export interface SessionDescription {
  body: string;
  contentType: string;
}

/** How our next description departs from the plain one. */
export interface DescriptionModifiers {
  /**
   * Hold the call from our side (RFC 3264 §8.4, RFC 6337 §5.3): each stream we would send and
   * receive becomes `sendonly`, one we would only receive becomes `inactive`.
   */
  hold?: boolean | undefined;
  /**
   * The kinds of media of this description when the application names them only now (the callee's
   * `accept({ media })`, after the handler was made for the offer); the factory's `constraints` otherwise.
   */
  constraints?: { audio: boolean; video: boolean } | undefined;
}

/** How a description is applied. */
export interface SetDescriptionOptions {
  /** An answer in an unreliable provisional response: the offer stays pending (see `setDescription`). */
  provisional?: boolean | undefined;
}

/** The digits of `sendDtmf` (RFC 4733 events 0–9, *, #, A–D) and their timing, ms. */
export interface DtmfOptions {
  duration: number;
  interToneGap: number;
}

/** Which kinds of media `mute`/`unmute` act on; both when neither is given. */
export interface MediaKinds {
  audio?: boolean | undefined;
  video?: boolean | undefined;
}

/** Events every media handler emits; platform handlers add their own (ICE states, streams …). */
export interface SessionDescriptionHandlerEvents {
  /** An RFC 4733 digit received in the media (the session re-emits it as the legacy `dtmf`). */
  dtmf: (tone: string, duration: number) => void;
  /**
   * The media failed for good (ICE failed, no RTP for the configured timeout …): the session
   * ends the call with a BYE and the cause given (a legacy `SIP.C.causes` value such as RTP_TIMEOUT).
   */
  failed: (cause: string, error?: Error) => void;
}

/**
 * The media side of one session (legacy `session.mediaHandler`): it makes our offers and answers
 * and applies the peer's (RFC 3264), and carries the media they describe. The session layer keeps
 * the offer/answer state (which side offered, in which message the answer goes, §13.2.1 and
 * RFC 6337) and calls these in that order; a handler never sends SIP.
 *
 * Two implementations ship: WebRTC in browsers (`session/media/webrtc`) and RTP on UDP in Node
 * (`session/media/rtp`, reachable only from `sipforge/node`). Applications may give their own
 * through `mediaHandlerFactory`.
 */
export interface SessionDescriptionHandler extends Emitter<SessionDescriptionHandlerEvents> {
  /**
   * Our offer, or our answer when the peer's offer is the description set last and not yet
   * answered. Each description after the first carries the same o= session id and a version one
   * higher (RFC 3264 §8). Rejects when no description can be made (no media device …).
   */
  getDescription(modifiers?: DescriptionModifiers): Promise<SessionDescription>;
  /**
   * Apply the peer's offer or answer. Rejects with `IncompatibleDescriptionError` when nothing in
   * it can be used (no common codec, no usable address): the session answers 488 to an offer and
   * ends the call on an answer (INCOMPATIBLE_SDP). With `provisional`, the answer came in an
   * unreliable 1xx (early media, RFC 6337 §3.1.1; WebRTC's `pranswer`): it is applied, but our offer
   * stays pending — the final answer follows in another call (the 2xx, maybe of another fork), unless
   * it is the very same description.
   */
  setDescription(description: SessionDescription, options?: SetDescriptionOptions): Promise<void>;
  /**
   * Optional: forget the offer/answer in progress — our offer the peer refused (a re-INVITE answered
   * 488 or 491), or the peer's offer we refused — keeping the media as last negotiated (RFC 3261 §14.1:
   * a failed re-INVITE changes nothing; WebRTC's `rollback`).
   */
  rollbackDescription?(): void;
  /** Whether bodies of this type are session descriptions this handler reads (`application/sdp`). */
  hasDescription(contentType: string): boolean;
  /**
   * Send digits in the media as RFC 4733 telephone-events; false (nothing sent) when the
   * negotiated media has no telephone-event, and the session uses SIP INFO instead.
   */
  sendDtmf(tones: string, options: DtmfOptions): boolean;
  /** Stop sending the kinds of media named (silence, or nothing at all), keeping the session as it is. */
  mute(kinds?: MediaKinds): void;
  unmute(kinds?: MediaKinds): void;
  /** Stop all media and free what it holds (sockets, peer connection, devices). Safe to call twice. */
  close(): void;
}

/** What a session tells the factory of its media handler. */
export interface SessionDescriptionHandlerOptions {
  /** The kinds of media the call carries (`{ audio: true, video: false }` unless the application asks). */
  constraints: { audio: boolean; video: boolean };
  /** STUN and TURN servers (`RTCIceServer` shape), from the UA configuration; browser handlers use them. */
  iceServers: ReadonlyArray<{ urls: string | readonly string[]; username?: string; credential?: string }>;
  /** Longest ICE candidate gathering, ms (legacy `iceCheckingTimeout`). */
  iceGatheringTimeout: number;
  /** Anything platform-specific the application passed with the call (`media`, `RTCConstraints` …). */
  extra: Readonly<Record<string, unknown>>;
}

/** Makes the media handler of one session. */
export type SessionDescriptionHandlerFactory = (options: SessionDescriptionHandlerOptions) => SessionDescriptionHandler;

/** The peer's description has nothing this handler can use (RFC 3264 §6: a 488, or the end of the call). */
export class IncompatibleDescriptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompatibleDescriptionError';
  }
}
