// RTCP packets (RFC 3550 §6.4, §6.5, §6.6): the compound reports we send and the parts of the
// peer's we use. Hand-written for the same reason as the RTP header (rtp-packet.ts).

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;
const SDES_CNAME = 1;

/** One reception report block (RFC 3550 §6.4.1): how well we receive the source `ssrc`. */
export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, in 1/256ths. */
  fractionLost: number;
  /** Cumulative packets lost (may be negative when duplicates arrived). */
  cumulativeLost: number;
  extendedHighestSequence: number;
  /** Interarrival jitter, in timestamp units (RFC 3550 §6.4.1, A.8). */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from that source, 0 if none. */
  lastSenderReport: number;
  /** Delay since that SR, in 1/65536 s, 0 if none. */
  delaySinceLastSenderReport: number;
}

/** What our sender report states about our own sending (RFC 3550 §6.4.1). */
export interface SenderInfo {
  /** Wall clock of the report, ms since 1970 (converted to NTP time on the wire). */
  wallClockMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

/** A compound RTCP packet of ours: SR when we sent since the last report, else RR, then SDES CNAME, and BYE when leaving (RFC 3550 §6.1). */
export interface CompoundReport {
  ssrc: number;
  cname: string;
  sender?: SenderInfo | undefined;
  reports: readonly ReportBlock[];
  bye?: boolean | undefined;
}

// RFC 3550 §4: NTP time counts seconds from 1900; Unix time from 1970.
const NTP_EPOCH_OFFSET_S = 2_208_988_800;

/** The 64-bit NTP timestamp of a wall-clock time, as its high and low words (RFC 3550 §4). */
export function ntpTimestamp(wallClockMs: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(wallClockMs / 1000);
  const fraction = Math.floor(((wallClockMs - seconds * 1000) / 1000) * 0x1_0000_0000);
  return { seconds: (seconds + NTP_EPOCH_OFFSET_S) >>> 0, fraction: fraction >>> 0 };
}

/** Serialise a compound RTCP packet (RFC 3550 §6.1). */
export function writeCompoundReport(report: CompoundReport): Buffer {
  const cname = Buffer.from(report.cname, 'utf8').subarray(0, 255);
  const blocks = report.reports.slice(0, 31);
  const reportLength = (report.sender ? 28 : 8) + blocks.length * 24;
  // SDES chunk: SSRC, CNAME item (type, length, text), then at least one null octet ending the
  // item list, padded to a 32-bit boundary (RFC 3550 §6.5).
  const chunkLength = Math.ceil((4 + 2 + cname.length + 1) / 4) * 4;
  const sdesLength = 4 + chunkLength;
  const byeLength = report.bye ? 8 : 0;
  const out = Buffer.alloc(reportLength + sdesLength + byeLength);

  let offset = 0;
  out[0] = 0x80 | blocks.length;
  out[1] = report.sender ? SR : RR;
  out.writeUInt16BE(reportLength / 4 - 1, 2);
  out.writeUInt32BE(report.ssrc >>> 0, 4);
  offset = 8;
  if (report.sender) {
    const ntp = ntpTimestamp(report.sender.wallClockMs);
    out.writeUInt32BE(ntp.seconds, 8);
    out.writeUInt32BE(ntp.fraction, 12);
    out.writeUInt32BE(report.sender.rtpTimestamp >>> 0, 16);
    out.writeUInt32BE(report.sender.packetCount >>> 0, 20);
    out.writeUInt32BE(report.sender.octetCount >>> 0, 24);
    offset = 28;
  }
  for (const block of blocks) {
    out.writeUInt32BE(block.ssrc >>> 0, offset);
    out[offset + 4] = Math.max(0, Math.min(255, block.fractionLost));
    // A 24-bit signed count, clamped to its range (RFC 3550 §6.4.1).
    const lost = Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost));
    out.writeUIntBE(lost & 0xffffff, offset + 5, 3);
    out.writeUInt32BE(block.extendedHighestSequence >>> 0, offset + 8);
    out.writeUInt32BE(Math.max(0, Math.floor(block.jitter)) >>> 0, offset + 12);
    out.writeUInt32BE(block.lastSenderReport >>> 0, offset + 16);
    out.writeUInt32BE(block.delaySinceLastSenderReport >>> 0, offset + 20);
    offset += 24;
  }

  out[offset] = 0x81;
  out[offset + 1] = SDES;
  out.writeUInt16BE(sdesLength / 4 - 1, offset + 2);
  out.writeUInt32BE(report.ssrc >>> 0, offset + 4);
  out[offset + 8] = SDES_CNAME;
  out[offset + 9] = cname.length;
  cname.copy(out, offset + 10);
  offset += sdesLength;

  if (report.bye) {
    out[offset] = 0x81;
    out[offset + 1] = BYE;
    out.writeUInt16BE(1, offset + 2);
    out.writeUInt32BE(report.ssrc >>> 0, offset + 4);
  }
  return out;
}

/** What we take from the peer's RTCP: its sender reports (for LSR/DLSR) and its BYE. */
export interface ReceivedRtcp {
  senderReports: Array<{ ssrc: number; ntpMiddle: number }>;
  byes: number[];
  reports: ReportBlock[];
}

/**
 * Read a compound RTCP packet, or undefined when it is not a valid one (RFC 3550 Appendix A.2:
 * version 2 throughout, the first packet an SR or RR, lengths adding up to the datagram).
 * Packet types we do not use are skipped. Never throws: untrusted network input.
 */
export function parseCompoundRtcp(data: Buffer): ReceivedRtcp | undefined {
  const received: ReceivedRtcp = { senderReports: [], byes: [], reports: [] };
  let offset = 0;
  let first = true;
  while (offset < data.length) {
    if (data.length - offset < 4) return undefined;
    const head = data[offset]!;
    const type = data[offset + 1]!;
    const length = (data.readUInt16BE(offset + 2) + 1) * 4;
    if (head >> 6 !== 2 || offset + length > data.length) return undefined;
    if (first && type !== SR && type !== RR) return undefined;
    first = false;
    const count = head & 0x1f;
    if (type === SR || type === RR) {
      const blocksAt = offset + (type === SR ? 28 : 8);
      if (blocksAt + count * 24 > offset + length) return undefined;
      const ssrc = data.readUInt32BE(offset + 4);
      if (type === SR) received.senderReports.push({ ssrc, ntpMiddle: data.readUInt32BE(offset + 10) });
      for (let i = 0; i < count; i++) received.reports.push(readReportBlock(data, blocksAt + i * 24));
    } else if (type === BYE) {
      if (count * 4 > length - 4) return undefined;
      for (let i = 0; i < count; i++) received.byes.push(data.readUInt32BE(offset + 4 + i * 4));
    }
    offset += length;
  }
  return first ? undefined : received;
}

function readReportBlock(data: Buffer, at: number): ReportBlock {
  const lost = data.readUIntBE(at + 5, 3);
  return {
    ssrc: data.readUInt32BE(at),
    fractionLost: data[at + 4]!,
    cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
    extendedHighestSequence: data.readUInt32BE(at + 8),
    jitter: data.readUInt32BE(at + 12),
    lastSenderReport: data.readUInt32BE(at + 16),
    delaySinceLastSenderReport: data.readUInt32BE(at + 20),
  };
}
