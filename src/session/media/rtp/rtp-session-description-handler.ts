import { isIP } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { systemClock, type Clock } from '../../../transport/clock.js';
import { Emitter } from '../../../transport/emitter.js';
import { randomBytes, randomToken } from '../../../transport/random-token.js';
import { answerDirection, holdsCall, offerDirection, type MediaDirection } from '../../sdp/direction.js';
import {
  IncompatibleDescriptionError,
  type DescriptionModifiers,
  type DtmfOptions,
  type MediaKinds,
  type SessionDescription,
  type SetDescriptionOptions,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerEvents,
  type SessionDescriptionHandlerOptions,
} from '../../session-description-handler.js';
import type { G711CodecName } from './g711-codec.js';
import { udpMediaSocketFactory, type MediaSocketFactory, type MediaSocketPair } from './media-socket.js';
import { FRAME_MS, RtpAudioStream, type RtpStreamStatistics, type SendMode } from './rtp-audio-stream.js';
import { resolveRtpOptions, type ResolvedRtpOptions, type RtpSessionDescriptionHandlerOptions } from './rtp-session-description-handler-options.js';
import { audioLine, offerFormats, readPeerDescription, writeLocalDescription, type AudioEncoding, type MediaLine, type PayloadFormat, type PeerDescription } from './sdp-media.js';
import { checkDtmfRequest, namesAudio } from './media-requests.js';
import { playWavInto, recordWavFrom, type WavRecording } from './wav-audio.js';

const SDP = 'application/sdp';

/** Events of the Node RTP handler: the contract's, and `rtpTimeout`. */
export interface RtpSessionDescriptionHandlerEvents extends SessionDescriptionHandlerEvents {
  /** No RTP from the peer for the `rtpTimeout` option's seconds while both directions are open; `failed` (RTP_TIMEOUT) follows. */
  rtpTimeout: () => void;
}

/** Our side of the latest description we wrote. */
interface LocalSide {
  formats: PayloadFormat[];
  direction: MediaDirection;
  hold: boolean;
  lines: MediaLine[];
  audioIndex: number;
  /** RTP and RTCP on one port: only when the peer offered it and we answered (RFC 5761 §5.1.1); we do not offer it. */
  rtcpMux: boolean;
}

/**
 * The Node media handler (`session.mediaHandler` in `sipforge/node`): offers and answers for one
 * audio stream of G.711 over RTP/AVP on UDP (RFC 3264, RFC 3550, RFC 3551), with RFC 4733
 * telephone-events, and the application's audio as Node streams:
 *
 * - `audioInput`: write 16-bit little-endian mono PCM at 8 kHz; it goes out in 20 ms packets,
 *   paced in real time. When nothing is written, silence goes out (but nothing while we hold the
 *   call: then only what is written, e.g. music on hold).
 * - `audioOutput`: the decoded audio received, same format, after the jitter buffer.
 * - `playWav(path)` / `recordWav(path)` on those streams.
 */
export class RtpSessionDescriptionHandler extends Emitter<RtpSessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  private readonly options: ResolvedRtpOptions;
  private readonly clock: Clock;
  private readonly socketFactory: MediaSocketFactory;
  private readonly audioWanted: boolean;
  private readonly stream: RtpAudioStream;
  private sockets: Promise<MediaSocketPair> | undefined;
  private readonly sessionId: number;
  private nextVersion: number;
  /** What our latest description said (offer or answer). */
  private local: LocalSide | undefined;
  /** The side in effect before our pending offer, restored by `rollbackDescription`. */
  private localBeforeOffer: LocalSide | undefined;
  /** Our offer waiting for the peer's answer. */
  private offerPending = false;
  /** The peer's offer waiting for our answer. */
  private remoteOffer: PeerDescription | undefined;
  /** The peer's description in effect (offer we answered, or answer to ours). */
  private remote: PeerDescription | undefined;
  private boundPort: number | undefined;
  private closed = false;

  constructor(options: RtpSessionDescriptionHandlerOptions = {}, session?: SessionDescriptionHandlerOptions) {
    super();
    this.options = resolveRtpOptions({ ...options, address: options.address ?? defaultAddress(options, session?.localAddress) });
    this.clock = options.clock ?? systemClock;
    this.socketFactory = options.socketFactory ?? udpMediaSocketFactory;
    this.audioWanted = session?.constraints.audio ?? true;
    this.stream = new RtpAudioStream({
      clock: this.clock,
      jitterBufferDelayMs: this.options.jitterBufferDelayMs,
      rtpTimeoutMs: this.options.rtpTimeoutMs,
      cname: `${randomToken(12)}@sipforge`,
    });
    this.stream.reportErrorsTo(this);
    this.stream.on('dtmf', (tone, duration) => this.emit('dtmf', tone, duration));
    this.stream.on('rtpTimeout', () => {
      this.emit('rtpTimeout');
      this.emit('failed', 'RTP_TIMEOUT', new Error(`no RTP for ${this.options.rtpTimeoutMs / 1000} s`));
    });
    // RFC 4566 §5.2: a numeric session id; its version starts there and grows by one (RFC 3264 §8).
    const random = randomBytes(4);
    this.sessionId = (new DataView(random.buffer).getUint32(0) >>> 1) + 1;
    this.nextVersion = this.sessionId;
  }

  /** 16-bit little-endian mono PCM at 8 kHz to send, paced in real time (20 ms a packet). */
  get audioInput(): Writable {
    return this.stream.input.writable;
  }

  /** 16-bit little-endian mono PCM at 8 kHz received, after the jitter buffer. */
  get audioOutput(): Readable {
    return this.stream.output.readable;
  }

  /** The local RTP port once bound (by the first description), else undefined. */
  get rtpPort(): number | undefined {
    return this.boundPort;
  }

  /** Counters of the RTP stream. */
  get statistics(): RtpStreamStatistics {
    return this.stream.statistics;
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]!.trim().toLowerCase() === SDP;
  }

  async getDescription(modifiers: DescriptionModifiers = {}): Promise<SessionDescription> {
    this.checkOpen();
    if (!this.audioWanted) throw new Error('the RTP media handler carries audio only, and this call asks for no audio');
    const sockets = await this.bind();
    this.checkOpen();
    const hold = modifiers.hold === true;
    let side: LocalSide;
    const offer = this.remoteOffer;
    if (offer !== undefined) {
      // RFC 3264 §6: the answer has the offer's m= lines in order, the stream we use accepted with
      // the offered formats we support, in the offerer's order; the others with port 0.
      side = {
        formats: offer.audio.formats,
        direction: answerDirection(offer.audio.direction, hold),
        hold,
        lines: offer.lines,
        audioIndex: offer.audio.index,
        rtcpMux: offer.audio.rtcpMux,
      };
      this.remote = offer;
      this.remoteOffer = undefined;
    } else {
      // RFC 3264 §8: a new offer keeps the m= lines of the session so far (rejected ones at port 0).
      const formats = offerFormats(this.options.codecs, this.options.telephoneEventPayloadType);
      const lines = [...(this.local?.lines ?? [audioLine(formats)])];
      const audioIndex = this.local?.audioIndex ?? 0;
      lines[audioIndex] = audioLine(formats);
      const peerHolds = this.remote !== undefined && holdsCall(this.remote.audio.direction);
      side = { formats, direction: offerDirection(hold, peerHolds), hold, lines, audioIndex, rtcpMux: false };
      if (!this.offerPending) this.localBeforeOffer = this.local;
      this.offerPending = true;
    }
    this.local = side;
    this.applyNegotiation();
    const body = writeLocalDescription({
      sessionId: this.sessionId,
      version: this.nextVersion++,
      address: this.options.address,
      ipVersion: this.options.ipVersion,
      port: sockets.rtpPort,
      lines: side.lines,
      audioIndex: side.audioIndex,
      formats: side.formats,
      direction: side.direction,
      rtcpMux: side.rtcpMux,
      ptime: FRAME_MS,
    });
    return { body, contentType: SDP };
  }

  async setDescription(description: SessionDescription, options: SetDescriptionOptions = {}): Promise<void> {
    this.checkOpen();
    if (!this.hasDescription(description.contentType)) throw new IncompatibleDescriptionError(`not a session description: ${description.contentType}`);
    if (this.offerPending) {
      const local = this.local!;
      const codecs = local.formats.flatMap((f) => (f.encoding === 'telephone-event' ? [] : [f.encoding]));
      const answer = readPeerDescription(description.body, {
        codecs,
        telephoneEvent: local.formats.some((f) => f.encoding === 'telephone-event'),
        ipVersion: this.options.ipVersion,
      });
      if (answer.audio.index !== local.audioIndex) throw new IncompatibleDescriptionError('the answer does not accept our audio stream in its place (RFC 3264 §6)');
      // RFC 6337 §3.1.1: early media plays on a 183's answer, but the offer stays open for the 2xx's.
      if (options.provisional !== true) {
        this.offerPending = false;
        this.localBeforeOffer = undefined;
      }
      this.remote = answer;
      this.applyNegotiation();
      return;
    }
    const offer = readPeerDescription(description.body, {
      codecs: this.options.codecs,
      telephoneEvent: this.options.telephoneEventPayloadType !== undefined,
      ipVersion: this.options.ipVersion,
    });
    // RFC 3264 §8: the same o= version is the same description (a 2xx repeating a 183's SDP).
    if (this.remoteOffer === undefined && this.remote !== undefined && offer.origin !== '' && offer.origin === this.remote.origin) return;
    this.remoteOffer = offer;
  }

  /**
   * Forget the offer/answer in progress: our offer the peer refused (a re-INVITE answered 488 or
   * 491), or the peer's offer we will not answer. The media stays as last negotiated.
   */
  rollbackDescription(): void {
    if (this.offerPending) {
      this.offerPending = false;
      this.local = this.localBeforeOffer;
      this.localBeforeOffer = undefined;
      this.applyNegotiation();
    }
    this.remoteOffer = undefined;
  }

  sendDtmf(tones: string, options: DtmfOptions): boolean {
    checkDtmfRequest(tones, options);
    if (this.closed) return false;
    return this.stream.sendDtmf(tones, options.duration, options.interToneGap);
  }

  /** Muted audio goes out as silence, keeping the stream (and any NAT binding) alive. */
  mute(kinds: MediaKinds = {}): void {
    if (namesAudio(kinds)) this.stream.muted = true;
  }

  unmute(kinds: MediaKinds = {}): void {
    if (namesAudio(kinds)) this.stream.muted = false;
  }

  /** Play a WAV file (converted to 8 kHz mono 16-bit if need be) through `audioInput`; resolves once it has gone out, or the handler closed. */
  playWav(path: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    return playWavInto(this.stream.input, path);
  }

  /** Record `audioOutput` to a WAV file (8 kHz mono 16-bit), written when stopped or when the handler closes. */
  recordWav(path: string): WavRecording {
    const recording = recordWavFrom(this.audioOutput, path);
    if (this.closed) void recording.stop();
    return recording;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The stream closes the sockets it has; sockets still being bound are closed when they are (bind).
    this.stream.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the RTP media handler is closed');
  }

  private bind(): Promise<MediaSocketPair> {
    if (this.sockets === undefined) {
      const sockets = this.socketFactory({
        address: this.options.bindAddress,
        portRange: this.options.portRange,
        handlers: {
          rtp: (data, from) => this.stream.receiveRtp(data, from),
          rtcp: (data, from) => this.stream.receiveRtcp(data, from),
        },
      });
      this.sockets = sockets.then((s) => {
        // Closed while binding: the sockets are not needed any more.
        this.boundPort = s.rtpPort;
        if (this.closed) s.close();
        else this.stream.attach(s);
        return s;
      });
    }
    return this.sockets;
  }

  /** Configure the stream from both sides of the latest exchange (RFC 3264 §5.1, §6.1, §8.4). */
  private applyNegotiation(): void {
    const local = this.local;
    const remote = this.remote;
    if (local === undefined || remote === undefined) return;
    const audio = remote.audio;
    const codec = audio.formats.find((f) => f.encoding !== 'telephone-event')!;
    const telephoneEvent = audio.formats.find((f) => f.encoding === 'telephone-event');
    // We receive with the payload types we wrote; those the peer wrote are accepted too, for peers
    // that send with their own numbering.
    const receive = new Map<number, AudioEncoding>();
    for (const f of audio.formats) receive.set(f.payloadType, f.encoding);
    for (const f of local.formats) receive.set(f.payloadType, f.encoding);
    const weSend = sends(local.direction) && receives(audio.direction) && audio.address !== undefined;
    const sending: SendMode = !weSend ? 'none' : local.hold ? 'written' : 'continuous';
    this.stream.configure({
      remoteRtp: audio.address === undefined ? undefined : { address: audio.address, port: audio.port },
      remoteRtcp: audio.rtcpAddress === undefined ? undefined : { address: audio.rtcpAddress, port: audio.rtcpPort },
      rtcpMux: local.rtcpMux && audio.rtcpMux,
      sendCodec: codec.encoding as G711CodecName,
      sendPayloadType: codec.payloadType,
      sendTelephoneEventPayloadType: telephoneEvent?.payloadType,
      receive,
      sending,
      expectRtp: local.direction === 'sendrecv' && audio.direction === 'sendrecv',
    });
  }
}

function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

/**
 * Without a configured `address`, the one the UA's signalling leaves from (the interface facing the
 * server, RFC 4566 §5.7: an address the peer can reach), when it is an IP address of the family a
 * configured `bindAddress` has; else none (the options' loopback default).
 */
function defaultAddress(options: RtpSessionDescriptionHandlerOptions, local: string | undefined): string | undefined {
  if (local === undefined || isIP(local) === 0) return undefined;
  if (options.bindAddress !== undefined && isIP(options.bindAddress) !== isIP(local)) return undefined;
  return local;
}
