import type { Clock, TimerHandle } from '../../../transport/clock.js';
import { Emitter } from '../../../transport/emitter.js';
import { randomBytes } from '../../../transport/random-token.js';
import { AudioInput } from './audio-input.js';
import { AudioOutput } from './audio-output.js';
import { DtmfReceiver } from './dtmf-receiver.js';
import { DtmfSender } from './dtmf-sender.js';
import { g711Codec, type G711Codec, type G711CodecName } from './g711-codec.js';
import { JitterBuffer } from './jitter-buffer.js';
import type { MediaAddress, MediaSocketPair } from './media-socket.js';
import { ReceptionStatistics } from './reception-statistics.js';
import { parseCompoundRtcp, writeCompoundReport } from './rtcp-packet.js';
import { isRtcp, parseRtpPacket, RTP_HEADER_LENGTH, writeRtpHeader } from './rtp-packet.js';
import type { AudioEncoding } from './sdp-media.js';
import { TELEPHONE_EVENT_LENGTH, writeTelephoneEvent } from './telephone-event.js';

/** 20 ms packets (RFC 3551 §4.5: the default packetisation of G.711) at 8000 samples a second. */
export const FRAME_MS = 20;
export const SAMPLES_PER_FRAME = 160;
const FRAME_BYTES = SAMPLES_PER_FRAME * 2;
const SAMPLES_PER_MS = 8;
/**
 * A late tick sends the frames it missed, up to this many (100 ms: a busy event loop's hiccup, which
 * the peer's jitter buffer absorbs); later still, it skips them rather than send a burst.
 */
const MAX_CATCH_UP_FRAMES = 5;
/** Lost packets filled with silence on the output; a longer gap is a pause, not a loss. */
const MAX_CONCEALED_FRAMES = 5;
/** RFC 3550 §6.2: the minimum RTCP interval, s, and the A.7 compensation factor e − 3/2. */
const RTCP_MIN_INTERVAL_MS = 5000;
const RTCP_COMPENSATION = Math.E - 1.5;
/** Send buffers kept for reuse; one in flight in the socket is not reused until sent. */
const SEND_BUFFERS = 4;

/** What the stream sends: every frame (silence when nothing is written), only audio written (we hold the call), or nothing. */
export type SendMode = 'continuous' | 'written' | 'none';

/** The negotiated media, from the latest offer/answer. */
export interface RtpStreamParameters {
  /** Where RTP goes until the peer's own RTP shows where it comes from (RFC 4961); undefined: nowhere. */
  remoteRtp: MediaAddress | undefined;
  remoteRtcp: MediaAddress | undefined;
  rtcpMux: boolean;
  sendCodec: G711CodecName;
  sendPayloadType: number;
  /** The payload type of telephone-events we send; undefined when not negotiated. */
  sendTelephoneEventPayloadType: number | undefined;
  /** The payload types we accept, and what they carry. */
  receive: ReadonlyMap<number, AudioEncoding>;
  sending: SendMode;
  /** Whether the peer is to send RTP now (both directions open): only then does silence count towards the RTP timeout. */
  expectRtp: boolean;
}

export interface RtpAudioStreamOptions {
  clock: Clock;
  /** Longest a packet waits in the jitter buffer for an earlier one, ms. */
  jitterBufferDelayMs: number;
  /** No RTP for this long while expected → `rtpTimeout`; 0: never. */
  rtpTimeoutMs: number;
  /** RTCP CNAME (RFC 3550 §6.5.1). */
  cname: string;
}

export interface RtpAudioStreamEvents {
  dtmf: (tone: string, durationMs: number) => void;
  rtpTimeout: () => void;
}

/** Counters of the stream, for monitoring and tests. */
export interface RtpStreamStatistics {
  packetsSent: number;
  octetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  /** Packets that came after their turn in the jitter buffer, or twice. */
  packetsLate: number;
  /** Interarrival jitter, ms (RFC 3550 §6.4.1). */
  jitterMs: number;
}

interface ReceivedPacket {
  encoding: AudioEncoding;
  timestamp: number;
  payload: Buffer;
}

interface SendBuffer {
  data: Buffer;
  busy: boolean;
}

/**
 * One RTP audio session (RFC 3550, RFC 3551) on a bound socket pair: a single timer ticks every
 * 20 ms and sends that frame (the application's audio, silence, or a telephone-event), hands on
 * what the jitter buffer holds too long, watches for the RTP timeout and sends RTCP reports.
 * Received RTP is checked, counted, reordered and decoded onto the audio output.
 */
export class RtpAudioStream extends Emitter<RtpAudioStreamEvents> {
  readonly input = new AudioInput(FRAME_BYTES * 10);
  readonly output = new AudioOutput(8000 * 2);
  muted = false;

  private readonly clock: Clock;
  private readonly ssrc: number;
  private sequence: number;
  private readonly timestampBase: number;
  private params: RtpStreamParameters | undefined;
  private sockets: MediaSocketPair | undefined;
  private codec: G711Codec = g711Codec('PCMU');

  private timer: TimerHandle | undefined;
  private startedAt = 0;
  private framesDone = 0;
  private talkspurt = true;
  private readonly frame = Buffer.alloc(FRAME_BYTES);
  private readonly sendBuffers: SendBuffer[] = [];

  private readonly dtmfSender = new DtmfSender();
  private readonly dtmfReceiver: DtmfReceiver;
  private readonly jitter: JitterBuffer<ReceivedPacket>;
  private reception: ReceptionStatistics | undefined;
  /** Where the peer's RTP and RTCP come from, once they do (RFC 4961 symmetric RTP). */
  private latchedRtp: MediaAddress | undefined;
  private latchedRtcp: MediaAddress | undefined;
  private lastRtpAt = 0;
  private timedOut = false;
  private lastFrameSamples = SAMPLES_PER_FRAME;

  private nextRtcpAt = 0;
  private sentSinceReport = false;
  private packetsSent = 0;
  private octetsSent = 0;
  private closed = false;

  constructor(private readonly options: RtpAudioStreamOptions) {
    super();
    this.clock = options.clock;
    const random = randomBytes(10);
    const view = new DataView(random.buffer);
    // RFC 3550 §5.1, §8.1: random SSRC, and random initial sequence number and timestamp.
    this.ssrc = view.getUint32(0);
    this.sequence = view.getUint16(4);
    this.timestampBase = view.getUint32(6);
    this.dtmfReceiver = new DtmfReceiver((tone, duration) => this.emit('dtmf', tone, duration));
    this.jitter = new JitterBuffer<ReceivedPacket>(
      { maxDelayMs: options.jitterBufferDelayMs, capacity: Math.max(4, Math.ceil(options.jitterBufferDelayMs / FRAME_MS) * 2 + 2) },
      (packet, lost) => this.play(packet, lost),
    );
  }

  /** Our synchronisation source identifier. */
  get sourceId(): number {
    return this.ssrc;
  }

  get statistics(): RtpStreamStatistics {
    return {
      packetsSent: this.packetsSent,
      octetsSent: this.octetsSent,
      packetsReceived: this.reception?.packetsReceived ?? 0,
      packetsLost: Math.max(0, this.reception?.packetsLost ?? 0),
      packetsLate: this.jitter.late,
      jitterMs: (this.reception?.interarrivalJitter ?? 0) / SAMPLES_PER_MS,
    };
  }

  /** The sockets to send from and receive on. */
  attach(sockets: MediaSocketPair): void {
    this.sockets = sockets;
  }

  /** Apply a negotiation's outcome; the first starts the clock of the stream. */
  configure(params: RtpStreamParameters): void {
    if (this.closed) return;
    const previous = this.params;
    this.params = params;
    this.codec = g711Codec(params.sendCodec);
    if (previous === undefined || !sameAddress(previous.remoteRtp, params.remoteRtp)) this.latchedRtp = undefined;
    if (previous === undefined || !sameAddress(previous.remoteRtcp, params.remoteRtcp)) this.latchedRtcp = undefined;
    if (params.expectRtp && !previous?.expectRtp) {
      this.lastRtpAt = this.clock.now();
      this.timedOut = false;
    }
    if (params.sendTelephoneEventPayloadType === undefined) this.dtmfSender.clear();
    if (this.timer === undefined) this.start();
  }

  /** Queue digits as telephone-events; false when none can be sent now. */
  sendDtmf(tones: string, durationMs: number, interToneGapMs: number): boolean {
    const params = this.params;
    if (this.closed || params?.sendTelephoneEventPayloadType === undefined || params.sending === 'none') return false;
    this.dtmfSender.enqueue(tones, durationMs, interToneGapMs);
    return true;
  }

  /** A datagram on the RTP port. */
  receiveRtp(data: Buffer, from: MediaAddress): void {
    if (this.closed || this.params === undefined) return;
    if (isRtcp(data)) {
      this.receiveRtcp(data, from);
      return;
    }
    const packet = parseRtpPacket(data);
    if (packet === undefined) return;
    const encoding = this.params.receive.get(packet.payloadType);
    if (encoding === undefined) return;
    const now = this.clock.now();
    if (this.reception === undefined || this.reception.ssrc !== packet.ssrc) {
      this.reception = new ReceptionStatistics(packet.ssrc, packet.sequenceNumber);
      this.jitter.reset();
      this.dtmfReceiver.reset();
    }
    if (!this.reception.update(packet.sequenceNumber, packet.timestamp, Math.floor(now * SAMPLES_PER_MS))) return;
    // RFC 4961: send to where the peer's RTP comes from.
    this.latchedRtp ??= from;
    this.lastRtpAt = now;
    this.jitter.push(packet.sequenceNumber, { encoding, timestamp: packet.timestamp, payload: packet.payload }, now);
  }

  /** A datagram on the RTCP port (or an RTCP packet on a shared port). */
  receiveRtcp(data: Buffer, from: MediaAddress): void {
    if (this.closed || this.params === undefined) return;
    const rtcp = parseCompoundRtcp(data);
    if (rtcp === undefined) return;
    this.latchedRtcp ??= from;
    for (const report of rtcp.senderReports) {
      if (report.ssrc === this.reception?.ssrc) this.reception.senderReport(report.ntpMiddle, this.clock.now());
    }
  }

  /** Stop: an RTCP BYE (RFC 3550 §6.3.7), timers cleared, sockets closed, the audio streams ended. */
  close(): void {
    if (this.closed) return;
    if (this.params !== undefined) this.sendRtcp(true);
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.dtmfSender.clear();
    this.sockets?.close();
    this.input.close();
    this.jitter.reset();
    this.output.end();
  }

  private start(): void {
    this.startedAt = this.clock.now();
    this.framesDone = 0;
    // RFC 3550 §6.2: the first report after half the minimum interval.
    this.nextRtcpAt = this.startedAt + this.rtcpInterval() / 2;
    this.schedule();
  }

  private schedule(): void {
    const due = this.startedAt + (this.framesDone + 1) * FRAME_MS;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, due - this.clock.now()));
  }

  private tick(): void {
    this.timer = undefined;
    if (this.closed) return;
    const now = this.clock.now();
    let due = Math.floor((now - this.startedAt) / FRAME_MS) - this.framesDone;
    if (due > MAX_CATCH_UP_FRAMES) {
      // The event loop stalled: the sampling clock moves on, but the missed frames are not sent
      // in a burst (RFC 3550 §5.1: the timestamp reflects the sampling instant).
      this.framesDone += due - 1;
      this.talkspurt = true;
      due = 1;
    }
    for (let i = 0; i < due; i++) this.sendFrame();
    this.jitter.flush(now);
    this.dtmfReceiver.tick(now);
    this.checkRtpTimeout(now);
    if (now >= this.nextRtcpAt) this.sendRtcp(false);
    if (!this.closed) this.schedule();
  }

  /** The frame of this tick: a telephone-event, the application's audio, silence, or nothing. */
  private sendFrame(): void {
    const params = this.params!;
    const timestamp = (this.timestampBase + this.framesDone * SAMPLES_PER_FRAME) >>> 0;
    this.framesDone++;
    const destination = this.latchedRtp ?? params.remoteRtp;
    const event = this.dtmfSender.tick(timestamp);
    if (event !== undefined) {
      // RFC 4733 §2.5.1.2: the digit replaces the audio of its frames.
      this.input.takeFrame(this.frame);
      if (params.sending === 'none' || destination === undefined) return;
      const packet = this.sendBuffer();
      writeRtpHeader(packet.data, { payloadType: params.sendTelephoneEventPayloadType!, marker: event.marker, sequenceNumber: this.sequence, timestamp: event.timestamp, ssrc: this.ssrc });
      writeTelephoneEvent(packet.data, RTP_HEADER_LENGTH, event.event);
      this.transmit(packet, TELEPHONE_EVENT_LENGTH, destination);
      return;
    }
    const written = this.input.takeFrame(this.frame);
    if (params.sending === 'none' || destination === undefined || (params.sending === 'written' && written === 0)) {
      // RFC 3551 §4.1: the next packet after a pause starts a talkspurt.
      this.talkspurt = true;
      return;
    }
    const packet = this.sendBuffer();
    writeRtpHeader(packet.data, { payloadType: params.sendPayloadType, marker: this.talkspurt, sequenceNumber: this.sequence, timestamp, ssrc: this.ssrc });
    this.talkspurt = false;
    const audible = this.muted ? 0 : written;
    this.codec.encode(this.frame, packet.data, RTP_HEADER_LENGTH, audible / 2);
    packet.data.fill(this.codec.silence, RTP_HEADER_LENGTH + audible / 2, RTP_HEADER_LENGTH + SAMPLES_PER_FRAME);
    this.transmit(packet, SAMPLES_PER_FRAME, destination);
  }

  private transmit(packet: SendBuffer, payloadLength: number, destination: MediaAddress): void {
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packetsSent++;
    this.octetsSent += payloadLength;
    this.sentSinceReport = true;
    if (this.sockets === undefined) return;
    packet.busy = true;
    this.sockets.sendRtp(packet.data, RTP_HEADER_LENGTH + payloadLength, destination, () => (packet.busy = false));
  }

  private sendBuffer(): SendBuffer {
    for (const buffer of this.sendBuffers) if (!buffer.busy) return buffer;
    const buffer = { data: Buffer.alloc(RTP_HEADER_LENGTH + SAMPLES_PER_FRAME), busy: false };
    // A socket slower than the pool: a fresh buffer, kept only while the pool is not full.
    if (this.sendBuffers.length < SEND_BUFFERS) this.sendBuffers.push(buffer);
    return buffer;
  }

  /** A packet out of the jitter buffer: decoded onto the output, or a telephone-event. */
  private play(packet: ReceivedPacket, lostBefore: number): void {
    if (packet.encoding === 'telephone-event') {
      this.dtmfReceiver.packet(packet.timestamp, packet.payload, this.clock.now());
      return;
    }
    if (lostBefore > 0 && lostBefore <= MAX_CONCEALED_FRAMES) this.output.push(Buffer.alloc(lostBefore * this.lastFrameSamples * 2));
    this.lastFrameSamples = packet.payload.length || SAMPLES_PER_FRAME;
    this.output.push(g711Codec(packet.encoding).decode(packet.payload));
  }

  private checkRtpTimeout(now: number): void {
    if (this.timedOut || this.options.rtpTimeoutMs <= 0 || !this.params!.expectRtp) return;
    if (now - this.lastRtpAt < this.options.rtpTimeoutMs) return;
    this.timedOut = true;
    this.emit('rtpTimeout');
  }

  /** An SR when we sent since the last report, else an RR, with SDES CNAME (RFC 3550 §6.1, §6.4). */
  private sendRtcp(bye: boolean): void {
    const now = this.clock.now();
    this.nextRtcpAt = now + this.rtcpInterval();
    const params = this.params!;
    // RFC 4961 for RTCP too; with rtcp-mux it shares the RTP port, so RTP's source will do.
    const destination = this.latchedRtcp ?? (params.rtcpMux ? this.latchedRtp : undefined) ?? params.remoteRtcp;
    const sender = this.sentSinceReport
      ? { wallClockMs: now, rtpTimestamp: (this.timestampBase + Math.floor((now - this.startedAt) * SAMPLES_PER_MS)) >>> 0, packetCount: this.packetsSent, octetCount: this.octetsSent }
      : undefined;
    this.sentSinceReport = false;
    const reports = this.reception !== undefined ? [this.reception.reportBlock(now)] : [];
    if (destination === undefined || this.sockets === undefined) return;
    this.sockets.sendRtcp(writeCompoundReport({ ssrc: this.ssrc, cname: this.options.cname, sender, reports, bye }), destination, params.rtcpMux);
  }

  /** RFC 3550 §6.2 and A.7, for two participants with little bandwidth: the 5 s minimum, randomised over [0.5, 1.5] and compensated. */
  private rtcpInterval(): number {
    return (RTCP_MIN_INTERVAL_MS * (0.5 + Math.random())) / RTCP_COMPENSATION;
  }
}

function sameAddress(a: MediaAddress | undefined, b: MediaAddress | undefined): boolean {
  return a?.address === b?.address && a?.port === b?.port;
}
