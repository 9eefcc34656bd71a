import type { ReportBlock } from './rtcp-packet.js';

// RFC 3550 Appendix A.1: how far a sequence number may jump before the source counts as restarted.
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

/**
 * What we know of one source we receive (RFC 3550 Appendix A.1, A.3, A.8): sequence numbers
 * extended over wrap-around, packets expected and received, interarrival jitter, and the last
 * sender report — the figures of the reception report block we send about it.
 */
export class ReceptionStatistics {
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit: number | undefined;
  private jitter = 0;
  private lastSenderReport = 0;
  private lastSenderReportAt: number | undefined;

  constructor(readonly ssrc: number, firstSequence: number) {
    this.restart(firstSequence);
  }

  /** Packets received from the source. */
  get packetsReceived(): number {
    return this.received;
  }

  /** Packets lost so far (expected minus received; negative with duplicates). */
  get packetsLost(): number {
    return this.expected() - this.received;
  }

  /** Interarrival jitter in timestamp units. */
  get interarrivalJitter(): number {
    return this.jitter;
  }

  /**
   * Count a packet (RFC 3550 A.1 `update_seq`, without the probation of a new source: the peer
   * is the one signalling told us about). Returns false when the packet is far out of sequence
   * and should be dropped, unless the next one confirms the source restarted.
   */
  update(sequence: number, rtpTimestamp: number, arrivalRtpTime: number): boolean {
    const delta = (sequence - this.maxSeq + SEQ_MOD) % SEQ_MOD;
    if (delta < MAX_DROPOUT) {
      if (sequence < this.maxSeq) this.cycles += SEQ_MOD;
      this.maxSeq = sequence;
    } else if (delta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: believe it only when the next packet follows it (the source restarted).
      if (sequence !== this.badSeq) {
        this.badSeq = (sequence + 1) % SEQ_MOD;
        return false;
      }
      this.restart(sequence);
    }
    // Otherwise a duplicate or a packet reordered a little: counted, maxSeq unchanged.
    this.received++;
    this.updateJitter(rtpTimestamp, arrivalRtpTime);
    return true;
  }

  /** Note a sender report from the source: its NTP middle word and when it arrived (ms). */
  senderReport(ntpMiddle: number, arrivalMs: number): void {
    this.lastSenderReport = ntpMiddle >>> 0;
    this.lastSenderReportAt = arrivalMs;
  }

  /** The report block about this source, and the start of the next reporting interval (RFC 3550 A.3). */
  reportBlock(nowMs: number): ReportBlock {
    const expected = this.expected();
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    const delay = this.lastSenderReportAt === undefined ? 0 : Math.floor(((nowMs - this.lastSenderReportAt) / 1000) * 65536);
    return {
      ssrc: this.ssrc,
      fractionLost,
      cumulativeLost: expected - this.received,
      extendedHighestSequence: (this.cycles + this.maxSeq) >>> 0,
      jitter: this.jitter,
      lastSenderReport: this.lastSenderReport,
      delaySinceLastSenderReport: delay >>> 0,
    };
  }

  private expected(): number {
    return this.cycles + this.maxSeq - this.baseSeq + 1;
  }

  private restart(sequence: number): void {
    this.baseSeq = sequence;
    this.maxSeq = sequence;
    this.badSeq = SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.transit = undefined;
  }

  // RFC 3550 A.8: J += (|D| - J) / 16, D the change in transit time between two packets.
  private updateJitter(rtpTimestamp: number, arrivalRtpTime: number): void {
    const transit = (arrivalRtpTime - rtpTimestamp) | 0;
    if (this.transit !== undefined) {
      const d = Math.abs((transit - this.transit) | 0);
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
  }
}
