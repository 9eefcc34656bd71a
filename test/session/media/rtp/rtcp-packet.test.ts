import { describe, expect, it } from 'vitest';
import { ntpTimestamp, parseCompoundRtcp, writeCompoundReport } from '../../../../src/session/media/rtp/rtcp-packet.js';

const block = {
  ssrc: 0x0a0b0c0d,
  fractionLost: 64,
  cumulativeLost: 3,
  extendedHighestSequence: 0x00010005,
  jitter: 12.7,
  lastSenderReport: 0x11112222,
  delaySinceLastSenderReport: 0x8000,
};

describe('RTCP compound packets (RFC 3550 §6)', () => {
  it('an SR with one report block, then SDES CNAME padded to a word', () => {
    const packet = writeCompoundReport({
      ssrc: 0x01020304,
      cname: 'ab@c',
      sender: { wallClockMs: 1_000_500, rtpTimestamp: 0x99, packetCount: 10, octetCount: 1600 },
      reports: [block],
    });
    const hex = packet.toString('hex');
    // SR: V=2 RC=1, PT 200, length 12 words − 1 = 12; SSRC; NTP 1000.5 s after 1970; RTP ts; counts.
    expect(hex.slice(0, 56)).toBe('81c8000c' + '01020304' + (1000 + 2208988800).toString(16) + '80000000' + '00000099' + '0000000a' + '00000640');
    // Report block: SSRC, fraction 64, cumulative 3, ext. highest seq, jitter (floored), LSR, DLSR.
    expect(hex.slice(56, 104)).toBe('0a0b0c0d' + '40' + '000003' + '00010005' + '0000000c' + '11112222' + '00008000');
    // SDES: SC=1, PT 202, length 3; SSRC; CNAME item (1, 4, 'ab@c'); end and padding to the word.
    expect(hex.slice(104)).toBe('81ca0003' + '01020304' + '0104' + Buffer.from('ab@c').toString('hex') + '0000');
  });

  it('an RR when we have not sent, and a BYE when leaving (RFC 3550 §6.3.7)', () => {
    const packet = writeCompoundReport({ ssrc: 7, cname: 'x', reports: [], bye: true });
    expect(packet.toString('hex')).toBe('80c90001' + '00000007' + '81ca0002' + '00000007' + '01017800' + '81cb0001' + '00000007');
  });

  it('a negative cumulative loss is a 24-bit two’s complement, and reads back', () => {
    const packet = writeCompoundReport({ ssrc: 1, cname: 'x', reports: [{ ...block, cumulativeLost: -2 }] });
    expect(packet.subarray(13, 16).toString('hex')).toBe('fffffe');
    expect(parseCompoundRtcp(packet)!.reports[0]!.cumulativeLost).toBe(-2);
  });

  it('reads the sender reports, report blocks and BYE of a compound packet', () => {
    const sr = writeCompoundReport({ ssrc: 5, cname: 'peer', sender: { wallClockMs: 1_000_500, rtpTimestamp: 1, packetCount: 1, octetCount: 160 }, reports: [block], bye: true });
    const parsed = parseCompoundRtcp(sr)!;
    const ntp = ntpTimestamp(1_000_500);
    expect(parsed.senderReports).toEqual([{ ssrc: 5, ntpMiddle: ((ntp.seconds & 0xffff) * 0x10000 + (ntp.fraction >>> 16)) >>> 0 }]);
    expect(parsed.reports).toEqual([{ ...block, jitter: 12 }]);
    expect(parsed.byes).toEqual([5]);
  });

  it('refuses malformed compound packets without throwing (RFC 3550 A.2)', () => {
    const good = writeCompoundReport({ ssrc: 1, cname: 'x', reports: [] });
    expect(parseCompoundRtcp(Buffer.alloc(0))).toBeUndefined();
    expect(parseCompoundRtcp(good.subarray(0, good.length - 1))).toBeUndefined();
    const sdesFirst = Buffer.from(good.subarray(8));
    expect(parseCompoundRtcp(sdesFirst)).toBeUndefined();
    const badVersion = Buffer.from(good);
    badVersion[0] = 0x40;
    expect(parseCompoundRtcp(badVersion)).toBeUndefined();
    const tooManyBlocks = Buffer.from(good);
    tooManyBlocks[0] = 0x85;
    expect(parseCompoundRtcp(tooManyBlocks)).toBeUndefined();
  });
});
