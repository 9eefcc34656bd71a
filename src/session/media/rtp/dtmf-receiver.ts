import { dtmfTone, parseTelephoneEvent } from './telephone-event.js';

/** An event whose end packets were all lost counts as ended after this long without a packet, ms. */
const END_AFTER_SILENCE_MS = 250;
const SAMPLES_PER_MS = 8;

/**
 * Received RFC 4733 telephone-events, in the jitter buffer's order, turned into one digit per
 * event (RFC 4733 §2.5.2): an event is told by its timestamp, reported at its first end packet
 * (the retransmitted ones are ignored), or when the next event starts or nothing came for a
 * while (every end packet lost).
 */
export class DtmfReceiver {
  private current: { timestamp: number; event: number; duration: number; lastAt: number } | undefined;
  private lastReported: number | undefined;

  constructor(private readonly report: (tone: string, durationMs: number) => void) {}

  packet(timestamp: number, payload: Buffer, nowMs: number): void {
    const event = parseTelephoneEvent(payload);
    if (event === undefined || timestamp === this.lastReported) return;
    if (this.current !== undefined && this.current.timestamp !== timestamp) this.finish();
    if (event.end) {
      this.current = undefined;
      this.reportEvent(timestamp, event.event, event.duration);
      return;
    }
    this.current = { timestamp, event: event.event, duration: event.duration, lastAt: nowMs };
  }

  /** Report an event left without its end for too long. */
  tick(nowMs: number): void {
    if (this.current !== undefined && nowMs - this.current.lastAt >= END_AFTER_SILENCE_MS) this.finish();
  }

  /** A new source: forget the event in progress. */
  reset(): void {
    this.current = undefined;
    this.lastReported = undefined;
  }

  private finish(): void {
    const c = this.current!;
    this.current = undefined;
    this.reportEvent(c.timestamp, c.event, c.duration);
  }

  private reportEvent(timestamp: number, event: number, duration: number): void {
    this.lastReported = timestamp;
    const tone = dtmfTone(event);
    if (tone !== undefined) this.report(tone, Math.round(duration / SAMPLES_PER_MS));
  }
}
