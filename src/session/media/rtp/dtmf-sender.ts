import { dtmfEvent, type TelephoneEvent } from './telephone-event.js';

/** Packet interval of telephone-events, ms: the audio's (RFC 4733 §2.5.1.2: updates at the packet interval). */
const TICK_MS = 20;
const SAMPLES_PER_TICK = 160;
/** RFC 4733 §2.5.1.4: the final packet of an event goes three times. */
const END_PACKETS = 3;
/** RFC 4733 §2.3.4: DTMF is sent at a power level of −10 dBm0 or so; volume counts dB below 0 dBm0. */
const VOLUME = 10;

/** What one 20 ms tick carries while a digit plays: a telephone-event packet. Reused from tick to tick. */
export interface EventPacket {
  event: TelephoneEvent;
  /** The event's start (RFC 4733 §2.3.1: every packet of an event carries the timestamp of its beginning). */
  timestamp: number;
  /** Set on the first packet of an event (RFC 4733 §2.5.1.3). */
  marker: boolean;
}

interface QueuedDigit {
  event: number;
  /** Ticks the tone lasts; its last one carries the first end packet. */
  ticks: number;
  /** Ticks from the first end packet to the next digit, the end retransmissions included. */
  gapTicks: number;
}

/**
 * Digits to send as RFC 4733 telephone-events, one 20 ms tick at a time (RFC 4733 §2.5.1): the
 * first packet with the marker bit, updates with the duration so far, the end packet three
 * times, then audio again for the inter-tone gap before the next digit.
 */
export class DtmfSender {
  private readonly queue: QueuedDigit[] = [];
  private current: QueuedDigit | undefined;
  /** Ticks of the current digit done so far. */
  private tickIndex = 0;
  private startTimestamp = 0;
  private readonly packet: EventPacket = { event: { event: 0, end: false, volume: VOLUME, duration: 0 }, timestamp: 0, marker: false };

  /** Whether digits are playing or waiting. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /** Queue `tones` with each tone's duration and the silence after it, ms. */
  enqueue(tones: string, durationMs: number, interToneGapMs: number): void {
    const ticks = Math.max(1, Math.round(durationMs / TICK_MS));
    const gapTicks = Math.max(END_PACKETS - 1, Math.round(interToneGapMs / TICK_MS));
    for (const tone of tones) this.queue.push({ event: dtmfEvent(tone), ticks, gapTicks: gapTicks });
  }

  /** Drop what has not been sent. */
  clear(): void {
    this.queue.length = 0;
    this.current = undefined;
  }

  /**
   * This tick's telephone-event packet, or undefined when the tick carries audio (no digit, or the
   * gap after one). `timestamp` is the RTP timestamp of the tick.
   */
  tick(timestamp: number): EventPacket | undefined {
    if (this.current === undefined) {
      this.current = this.queue.shift();
      if (this.current === undefined) return undefined;
      this.tickIndex = 0;
      this.startTimestamp = timestamp;
    }
    const digit = this.current;
    this.tickIndex++;
    if (this.tickIndex > digit.ticks + digit.gapTicks) {
      // The gap is over: the next digit (if any) starts on this tick.
      this.current = undefined;
      return this.tick(timestamp);
    }
    const endRetransmission = this.tickIndex - digit.ticks;
    if (endRetransmission >= END_PACKETS) return undefined;
    const p = this.packet;
    p.timestamp = this.startTimestamp;
    p.marker = this.tickIndex === 1;
    p.event.event = digit.event;
    p.event.end = this.tickIndex >= digit.ticks;
    p.event.duration = Math.min(this.tickIndex, digit.ticks) * SAMPLES_PER_TICK;
    return p;
  }
}
