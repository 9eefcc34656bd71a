import type { Readable, Writable } from 'node:stream';
import type { RTCPeerConnection, RTCRtpCodecParameters, RTCRtpTransceiver } from 'werift';
import { systemClock } from '../../../transport/clock.js';
import { Emitter } from '../../../transport/emitter.js';
import { randomToken } from '../../../transport/random-token.js';
import { answerDirection, holdsCall, offerDirection, type MediaDirection } from '../../sdp/direction.js';
import {
  IncompatibleDescriptionError,
  type DescriptionModifiers,
  type DtmfOptions,
  type MediaKinds,
  type SessionDescription,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerEvents,
  type SessionDescriptionHandlerOptions,
  type SetDescriptionOptions,
} from '../../session-description-handler.js';
import { STATIC_PAYLOAD_TYPES, type G711CodecName } from '../rtp/g711-codec.js';
import { RtpAudioStream, type RtpStreamStatistics, type SendMode } from '../rtp/rtp-audio-stream.js';
import type { AudioEncoding } from '../rtp/sdp-media.js';
import { checkDtmfRequest, namesAudio } from '../rtp/media-requests.js';
import { followingOrigin, originOf, type Origin } from '../webrtc/local-description-edits.js';
import { mediaSections, offersDtlsRoles, type MediaSection } from '../webrtc/media-sections.js';
import { resolveWeriftOptions, type ResolvedWeriftOptions, type WeriftSessionDescriptionHandlerOptions } from './werift-session-description-handler-options.js';
import { loadWerift, type Werift } from './werift-module.js';
import { PEER_CONNECTION_ADDRESS, WeriftRtpLink } from './werift-rtp-link.js';

const SDP = 'application/sdp';
/** The cause a failed ICE or DTLS connection ends the call with (legacy `SIP.C.causes.RTP_TIMEOUT`), as the browser handler's. */
const ICE_FAILURE_CAUSE = 'RTP Timeout';

/**
 * What `peerConnection` shows of werift's RTCPeerConnection: its states, descriptions and statistics.
 * Our own type, so that the package's declarations do not reach werift's (which name a package
 * without typings, breaking TypeScript consumers that check libraries).
 */
export interface WeriftPeerConnection {
  readonly connectionState: string;
  readonly iceConnectionState: string;
  readonly iceGatheringState: string;
  readonly signalingState: string;
  readonly localDescription: { readonly type: string; readonly sdp: string } | null;
  readonly remoteDescription: { readonly type: string; readonly sdp: string } | null;
  getStats(): Promise<unknown>;
}

/** Events of the Node WebRTC handler: the contract's, and the peer connection's state. */
export interface WeriftSessionDescriptionHandlerEvents extends SessionDescriptionHandlerEvents {
  /** The peer connection's state (`connecting`, `connected`, `failed`, `closed` …). */
  connectionStateChange: (state: string) => void;
}

/**
 * The Node WebRTC media handler (`session.mediaHandler` with `weriftSessionDescriptionHandlerFactory`):
 * one `werift` RTCPeerConnection per session — ICE (RFC 8445) with host candidates and the STUN/TURN
 * servers of the configuration, DTLS-SRTP (RFC 5763, RFC 5764), RTP and RTCP on one port (RFC 5761),
 * bundle (RFC 8843) — carrying one audio stream of G.711 with RFC 4733 telephone-events, and the same
 * audio API as the RTP handler: `audioInput` (16-bit little-endian mono PCM at 8 kHz, paced in 20 ms
 * packets, silence when nothing is written) and `audioOutput` (the audio received, after the jitter
 * buffer). It is the RTP handler's audio stream, with the peer connection in place of UDP sockets.
 *
 * Descriptions are complete, candidates included: SIP sends one body per offer or answer and has no
 * trickle here (RFC 3261 §13, RFC 3264), so each waits for ICE gathering, bounded by `iceGatheringTimeout`.
 */
export class WeriftSessionDescriptionHandler extends Emitter<WeriftSessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  private pc: RTCPeerConnection | undefined;
  /** The peer connection, made once werift is loaded (it loads on first use). */
  private readonly opening: Promise<RTCPeerConnection>;
  private readonly options: ResolvedWeriftOptions;
  private readonly stream: RtpAudioStream;
  private readonly link: WeriftRtpLink;
  private audio: RTCRtpTransceiver | undefined;
  /** Our hold in the media as negotiated, and in our offer that is out. */
  private hold = false;
  private offeredHold = false;
  private lastOrigin: Origin | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private failed = false;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WeriftSessionDescriptionHandlerOptions = {}, private readonly session?: SessionDescriptionHandlerOptions) {
    super();
    this.options = resolveWeriftOptions(options);
    if (session !== undefined && !session.constraints.audio) throw new Error('the WebRTC media handler of Node carries audio only, and this call asks for no audio');
    this.stream = new RtpAudioStream({ clock: systemClock, jitterBufferDelayMs: this.options.jitterBufferDelayMs, rtpTimeoutMs: 0, cname: `${randomToken(12)}@sipforge` });
    this.stream.reportErrorsTo(this);
    this.stream.on('dtmf', (tone, duration) => this.emit('dtmf', tone, duration));
    this.link = new WeriftRtpLink((data, from) => this.stream.receiveRtp(data, from));
    this.stream.attach(this.link);
    this.opening = loadWerift().then((werift) => {
      const pc = new werift.RTCPeerConnection({
        codecs: { audio: codecParameters(werift, this.options) },
        headerExtensions: { audio: [] },
        iceServers: iceServersOf(session?.iceServers ?? []),
        iceUseIpv6: this.options.ipv6,
        icePortRange: this.options.icePortRange,
        iceAdditionalHostAddresses: this.options.iceAdditionalHostAddresses,
      });
      this.pc = pc;
      this.watchPeerConnection(pc);
      if (this.closed) void pc.close().catch(() => undefined);
      return pc;
    });
    this.opening.catch(() => undefined);
  }

  /** The session's werift peer connection, for its states and `getStats()`; undefined until the first description. */
  get peerConnection(): WeriftPeerConnection | undefined {
    return this.pc;
  }

  /** 16-bit little-endian mono PCM at 8 kHz to send, paced in real time (20 ms a packet). */
  get audioInput(): Writable {
    return this.stream.input.writable;
  }

  /** 16-bit little-endian mono PCM at 8 kHz received, after the jitter buffer. */
  get audioOutput(): Readable {
    return this.stream.output.readable;
  }

  /** Counters of the audio stream (packets sent and received, lost, jitter). */
  get statistics(): RtpStreamStatistics {
    return this.stream.statistics;
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]!.trim().toLowerCase() === SDP;
  }

  getDescription(modifiers: DescriptionModifiers = {}): Promise<SessionDescription> {
    return this.inTurn(async (pc) => {
      if (modifiers.iceServers !== undefined && pc.iceGatheringState === 'new') {
        pc.setConfiguration({ iceServers: iceServersOf(modifiers.iceServers) });
      }
      const hold = modifiers.hold === true;
      const role = pc.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
      let created;
      if (role === 'answer') {
        const offered = this.remoteAudioSection();
        const audio = this.audioTransceiver();
        audio.setDirection(answerDirection(offered?.direction ?? 'sendrecv', hold));
        created = await pc.createAnswer();
      } else {
        const remote = this.remoteAudioSection();
        const direction = offerDirection(hold, remote !== undefined && holdsCall(remote.direction));
        if (this.audio === undefined) this.audio = pc.addTransceiver('audio', { direction });
        else this.audio.setDirection(direction);
        this.link.attach(this.audio);
        created = await pc.createOffer();
      }
      this.assertOpen();
      await pc.setLocalDescription(created);
      if (role === 'answer') {
        this.hold = hold;
        this.applyNegotiation();
      } else {
        this.offeredHold = hold;
      }
      await this.gathered(pc);
      this.assertOpen();
      let sdp = pc.localDescription?.sdp ?? created.sdp;
      sdp = followingOrigin(sdp, this.lastOrigin);
      this.lastOrigin = originOf(sdp);
      return { body: sdp, contentType: SDP };
    });
  }

  setDescription(description: SessionDescription, options: SetDescriptionOptions = {}): Promise<void> {
    return this.inTurn(async (pc) => {
      if (!this.hasDescription(description.contentType)) throw new IncompatibleDescriptionError(`not a session description: ${description.contentType}`);
      let sections: MediaSection[];
      try {
        sections = mediaSections(description.body);
      } catch (error) {
        throw new IncompatibleDescriptionError(`unreadable session description: ${String(error)}`);
      }
      const offer = offersDtlsRoles(sections);
      if (!offer && this.repeatsRemoteAnswer(description.body)) return;
      const audio = sections.find((section) => section.kind === 'audio' && !section.rejected);
      if (audio === undefined || !audio.encodings.some((name) => this.options.codecs.some((codec) => codec.toLowerCase() === name.toLowerCase()))) {
        throw new IncompatibleDescriptionError(`no audio stream with ${this.options.codecs.join(' or ')}`);
      }
      const awaitingAnswer = pc.signalingState === 'have-local-offer' || pc.signalingState === 'have-remote-pranswer';
      const type = awaitingAnswer && !offer ? (options.provisional === true ? 'pranswer' : 'answer') : 'offer';
      // The peer's offer while ours is out (glare, RFC 3261 §14.1): ours is void (RFC 8829 §5.7).
      if (type === 'offer' && awaitingAnswer) await pc.setLocalDescription({ type: 'rollback' });
      try {
        await pc.setRemoteDescription({ type, sdp: description.body });
      } catch (error) {
        throw new IncompatibleDescriptionError(error instanceof Error ? error.message : String(error));
      }
      this.assertOpen();
      if (type === 'offer') {
        this.audioTransceiver();
        return;
      }
      this.hold = this.offeredHold;
      this.applyNegotiation();
    });
  }

  /** Forget the offer/answer in progress (a re-INVITE refused): the media stays as last negotiated. */
  rollbackDescription(): void {
    void this.inTurn(async (pc) => {
      if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
      else if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' } as never);
      this.applyNegotiation();
    }).catch(() => undefined);
  }

  sendDtmf(tones: string, options: DtmfOptions): boolean {
    checkDtmfRequest(tones, options);
    if (this.closed) return false;
    return this.stream.sendDtmf(tones, options.duration, options.interToneGap);
  }

  /** Muted audio goes out as silence, keeping the stream (and the ICE consent, RFC 7675) alive. */
  mute(kinds: MediaKinds = {}): void {
    if (namesAudio(kinds)) this.stream.muted = true;
  }

  unmute(kinds: MediaKinds = {}): void {
    if (namesAudio(kinds)) this.stream.muted = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.iceTimer);
    this.stream.close();
    this.link.close();
    void this.pc?.close().catch(() => undefined);
  }

  /** Descriptions are made and applied one at a time, in the order asked (each changes the signaling state). */
  private inTurn<T>(work: (pc: RTCPeerConnection) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const pc = await this.opening;
      this.assertOpen();
      return work(pc);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the WebRTC media handler is closed');
  }

  /** The audio transceiver: ours, or the one the peer's offer made (its first audio section). */
  private audioTransceiver(): RTCRtpTransceiver {
    if (this.audio === undefined) {
      const audio = this.pc!.getTransceivers().find((transceiver) => transceiver.kind === 'audio');
      if (audio === undefined) throw new IncompatibleDescriptionError('the description has no audio stream');
      this.audio = audio;
    }
    this.link.attach(this.audio);
    return this.audio;
  }

  private remoteAudioSection(): MediaSection | undefined {
    const remote = this.pc?.remoteDescription ?? null;
    if (remote === null) return undefined;
    const sections = mediaSections(remote.sdp);
    const mid = this.audio?.mid;
    return sections.find((section) => (mid !== undefined && mid !== null ? section.mid === mid : section.kind === 'audio' && !section.rejected));
  }

  /**
   * RFC 3264 §8: the same o= version is the same description (a 2xx repeating a 183's answer),
   * applied already.
   */
  private repeatsRemoteAnswer(sdp: string): boolean {
    const current = this.pc!.remoteDescription;
    if (current === null || this.pc!.signalingState !== 'stable') return false;
    const [was, is] = [originOf(current.sdp), originOf(sdp)];
    return was.sessionId === is.sessionId && was.version === is.version;
  }

  /** Configure the audio stream from the negotiated codecs and both directions (RFC 3264 §6.1, §8.4). */
  private applyNegotiation(): void {
    const audio = this.audio;
    const remote = this.remoteAudioSection();
    if (audio === undefined || remote === undefined || this.closed) return;
    this.link.attach(audio);
    this.watchIceConnection();
    const codecs = audio.codecs;
    const receive = new Map<number, AudioEncoding>();
    for (const codec of codecs) {
      const encoding = encodingOf(codec);
      if (encoding !== undefined) receive.set(codec.payloadType, encoding);
    }
    const send = codecs.find((codec) => encodingOf(codec) === 'PCMU' || encodingOf(codec) === 'PCMA');
    if (send === undefined) return;
    const telephoneEvent = codecs.find((codec) => encodingOf(codec) === 'telephone-event');
    // The direction negotiated (JSEP keeps the one set for a refused offer after its rollback).
    const current = audio.currentDirection;
    const local: MediaDirection = current === null || current === 'stopped' ? audio.direction : current;
    const weSend = sends(local) && receives(remote.direction);
    const sending: SendMode = !weSend ? 'none' : this.hold ? 'written' : 'continuous';
    this.stream.configure({
      remoteRtp: PEER_CONNECTION_ADDRESS,
      remoteRtcp: undefined,
      rtcpMux: true,
      sendCodec: encodingOf(send) as G711CodecName,
      sendPayloadType: send.payloadType,
      sendTelephoneEventPayloadType: telephoneEvent?.payloadType,
      receive,
      sending,
      expectRtp: false,
    });
  }

  /** Resolves once ICE gathering is complete, or `iceGatheringTimeout` has passed, or the handler closed. */
  private gathered(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        clearInterval(watch);
        unSubscribe();
        resolve();
      };
      const timer = setTimeout(finish, this.session?.iceGatheringTimeout ?? 5000);
      // The handler's close ends the wait too.
      const watch = setInterval(() => this.closed && finish(), 50);
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && finish());
    });
  }

  /**
   * Both descriptions are applied: ICE must connect within `iceConnectionTimeout`. werift reports no
   * failure when every candidate pair failed (it waits for one to succeed), so the bound is ours.
   */
  private watchIceConnection(): void {
    if (this.iceTimer !== undefined || this.pc?.connectionState === 'connected') return;
    this.iceTimer = setTimeout(() => {
      if (this.pc?.connectionState !== 'connected') this.fail(new Error(`ICE did not connect within ${this.options.iceConnectionTimeoutMs} ms`));
    }, this.options.iceConnectionTimeoutMs);
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.emit('failed', ICE_FAILURE_CAUSE, error);
  }

  private watchPeerConnection(pc: RTCPeerConnection): void {
    pc.connectionStateChange.subscribe((state) => {
      if (this.closed) return;
      this.emit('connectionStateChange', state);
      if (state === 'connected') {
        clearTimeout(this.iceTimer);
        this.iceTimer = undefined;
      }
      if (state === 'failed') this.fail(new Error('the peer connection failed (ICE or DTLS)'));
    });
    pc.iceConnectionStateChange.subscribe((state) => {
      if (state === 'failed') this.fail(new Error('ICE failed: no candidate pair reaches the peer'));
    });
  }
}

/** The codecs werift offers and accepts: G.711 at its static payload types (RFC 3551 §6), telephone-events at ours. */
function codecParameters(werift: Werift, options: ResolvedWeriftOptions): RTCRtpCodecParameters[] {
  const codecs = options.codecs.map(
    (name) => new werift.RTCRtpCodecParameters({ mimeType: `audio/${name}`, clockRate: 8000, channels: 1, payloadType: STATIC_PAYLOAD_TYPES[name] }),
  );
  if (options.telephoneEventPayloadType !== undefined) {
    codecs.push(new werift.RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: options.telephoneEventPayloadType, parameters: '0-15' }));
  }
  return codecs;
}

function encodingOf(codec: RTCRtpCodecParameters): AudioEncoding | undefined {
  const name = codec.mimeType.split('/')[1]?.toLowerCase();
  if (codec.clockRate !== 8000) return undefined;
  if (name === 'pcmu') return 'PCMU';
  if (name === 'pcma') return 'PCMA';
  if (name === 'telephone-event') return 'telephone-event';
  return undefined;
}

function iceServersOf(servers: SessionDescriptionHandlerOptions['iceServers']): Array<{ urls: string; username?: string; credential?: string }> {
  return servers.flatMap((server) =>
    (typeof server.urls === 'string' ? [server.urls] : [...server.urls]).map((urls) => ({
      urls,
      ...(server.username === undefined ? {} : { username: server.username }),
      ...(server.credential === undefined ? {} : { credential: server.credential }),
    })),
  );
}

function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}
