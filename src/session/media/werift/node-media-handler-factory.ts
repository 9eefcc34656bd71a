import type { Readable, Writable } from 'node:stream';
import { Emitter } from '../../../transport/emitter.js';
import type {
  DescriptionModifiers,
  DtmfOptions,
  MediaKinds,
  SessionDescription,
  SessionDescriptionHandler,
  SessionDescriptionHandlerEvents,
  SessionDescriptionHandlerOptions,
  SetDescriptionOptions,
} from '../../session-description-handler.js';
import { RtpSessionDescriptionHandler } from '../rtp/rtp-session-description-handler.js';
import { resolveRtpOptions, type RtpSessionDescriptionHandlerOptions } from '../rtp/rtp-session-description-handler-options.js';
import { resolveWeriftOptions, type WeriftSessionDescriptionHandlerOptions } from './werift-session-description-handler-options.js';
import { WeriftSessionDescriptionHandler } from './werift-session-description-handler.js';

/** Options of `nodeMediaHandlerFactory`. */
export interface NodeMediaHandlerFactoryOptions {
  /** Options of the RTP handler, for peers that offer or answer plain RTP (RTP/AVP). */
  rtp?: RtpSessionDescriptionHandlerOptions | undefined;
  /** Options of the WebRTC handler, for peers that offer UDP/TLS/RTP/SAVPF. */
  webrtc?: WeriftSessionDescriptionHandlerOptions | undefined;
  /**
   * What our own offers carry when the call does not say (`media: { webrtc: true | false }` of
   * `invite()`): `'rtp'` (default) or `'webrtc'`.
   */
  offer?: 'rtp' | 'webrtc' | undefined;
}

/**
 * Whether an offer's first audio stream in use has the WebRTC profile, `UDP/TLS/RTP/SAVPF` (RFC 5764
 * §8, RFC 8829 §5.1.2: what browsers offer), rather than plain RTP/AVP (RFC 3551).
 */
export function webRtcProfileOffered(sdp: string): boolean {
  for (const match of sdp.matchAll(/^m=audio[ \t]+(\d+)(?:\/\d+)?[ \t]+(\S+)/gim)) {
    if (match[1] === '0') continue;
    return match[2]!.toUpperCase() === 'UDP/TLS/RTP/SAVPF';
  }
  return false;
}

/**
 * The media handler factory of a Node UA that talks to both worlds: a call offered by the peer gets
 * the WebRTC handler when the offer's audio has the WebRTC profile (a browser softphone, a PBX's
 * WebRTC endpoint) and the RTP handler otherwise (SIPp, a PBX's UDP endpoint); a call we offer gets
 * the WebRTC one when the call asks for it (`ua.invite(target, { media: { webrtc: true } })`) or
 * `offer` says so, else RTP. The handler is picked by the first description made or applied, so
 * `session.mediaHandler` is a `NodeMediaSessionDescriptionHandler` whose `handler` is the one picked.
 */
export function nodeMediaHandlerFactory(options: NodeMediaHandlerFactoryOptions = {}): (session: SessionDescriptionHandlerOptions) => NodeMediaSessionDescriptionHandler {
  resolveRtpOptions(options.rtp ?? {});
  resolveWeriftOptions(options.webrtc ?? {});
  if (options.offer !== undefined && options.offer !== 'rtp' && options.offer !== 'webrtc') throw new TypeError(`offer must be 'rtp' or 'webrtc', not ${JSON.stringify(options.offer)}`);
  const own = { rtp: { ...options.rtp }, webrtc: { ...options.webrtc }, offer: options.offer ?? 'rtp' };
  return (session) => new NodeMediaSessionDescriptionHandler(own, session);
}

/** Whether a call asks for WebRTC media (`media: { webrtc }`), undefined when it does not say. */
function callAsksWebRtc(extra: Readonly<Record<string, unknown>>): boolean | undefined {
  const media = extra.media;
  if (typeof media !== 'object' || media === null) return undefined;
  const webrtc = (media as Record<string, unknown>).webrtc;
  return typeof webrtc === 'boolean' ? webrtc : undefined;
}

/** The handler of `nodeMediaHandlerFactory`: the RTP or the WebRTC one, picked by the first description. */
export class NodeMediaSessionDescriptionHandler extends Emitter<SessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  private picked: RtpSessionDescriptionHandler | WeriftSessionDescriptionHandler | undefined;
  private closed = false;

  constructor(
    private readonly options: { rtp: RtpSessionDescriptionHandlerOptions; webrtc: WeriftSessionDescriptionHandlerOptions; offer: 'rtp' | 'webrtc' },
    private readonly session: SessionDescriptionHandlerOptions,
  ) {
    super();
  }

  /** The handler picked, once the first description was made or applied. */
  get handler(): RtpSessionDescriptionHandler | WeriftSessionDescriptionHandler | undefined {
    return this.picked;
  }

  /** The picked handler's `audioInput` (16-bit little-endian mono PCM at 8 kHz); throws before the first description. */
  get audioInput(): Writable {
    return this.pickedOrThrow().audioInput;
  }

  /** The picked handler's `audioOutput`; throws before the first description. */
  get audioOutput(): Readable {
    return this.pickedOrThrow().audioOutput;
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]!.trim().toLowerCase() === 'application/sdp';
  }

  getDescription(modifiers?: DescriptionModifiers): Promise<SessionDescription> {
    try {
      const webrtc = callAsksWebRtc({ ...this.session.extra, ...modifiers?.extra }) ?? this.options.offer === 'webrtc';
      return this.pick(webrtc).getDescription(modifiers);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  setDescription(description: SessionDescription, options?: SetDescriptionOptions): Promise<void> {
    try {
      return this.pick(webRtcProfileOffered(description.body)).setDescription(description, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  rollbackDescription(): void {
    this.picked?.rollbackDescription();
  }

  sendDtmf(tones: string, options: DtmfOptions): boolean {
    return this.picked?.sendDtmf(tones, options) ?? false;
  }

  mute(kinds?: MediaKinds): void {
    this.picked?.mute(kinds);
  }

  unmute(kinds?: MediaKinds): void {
    this.picked?.unmute(kinds);
  }

  close(): void {
    this.closed = true;
    this.picked?.close();
  }

  private pick(webrtc: boolean): RtpSessionDescriptionHandler | WeriftSessionDescriptionHandler {
    if (this.closed) throw new Error('the media handler is closed');
    if (this.picked !== undefined) return this.picked;
    const handler = webrtc ? new WeriftSessionDescriptionHandler(this.options.webrtc, this.session) : new RtpSessionDescriptionHandler(this.options.rtp, this.session);
    handler.reportErrorsTo(this);
    const events: Emitter<SessionDescriptionHandlerEvents> = handler;
    events.on('dtmf', (tone, duration) => this.emit('dtmf', tone, duration));
    events.on('failed', (cause, error) => this.emit('failed', cause, error));
    this.picked = handler;
    return handler;
  }

  private pickedOrThrow(): RtpSessionDescriptionHandler | WeriftSessionDescriptionHandler {
    if (this.picked === undefined) throw new Error('no media handler is picked before the first session description');
    return this.picked;
  }
}
