import { describe, expect, it } from 'vitest';
import { isRtcp, parseRtpPacket, writeRtpHeader } from '../../../../src/session/media/rtp/rtp-packet.js';

describe('RTP fixed header (RFC 3550 §5.1)', () => {
  it('writes version 2, marker, payload type, sequence number, timestamp and SSRC in network order', () => {
    const buffer = Buffer.alloc(12);
    writeRtpHeader(buffer, { payloadType: 8, marker: true, sequenceNumber: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304 });
    expect(buffer.toString('hex')).toBe('8088' + '1234' + 'deadbeef' + '01020304');
    writeRtpHeader(buffer, { payloadType: 101, marker: false, sequenceNumber: 0x10000, timestamp: 2 ** 32 + 5, ssrc: 0xffffffff });
    expect(buffer.toString('hex')).toBe('8065' + '0000' + '00000005' + 'ffffffff');
  });

  it('reads a packet back, the payload a view of the datagram', () => {
    const data = Buffer.from('80e50007000000a0cafebabe' + 'aabbcc', 'hex');
    const packet = parseRtpPacket(data)!;
    expect(packet).toMatchObject({ payloadType: 101, marker: true, sequenceNumber: 7, timestamp: 160, ssrc: 0xcafebabe });
    expect(packet.payload.toString('hex')).toBe('aabbcc');
  });

  it('skips the CSRC list and the header extension, and strips padding', () => {
    // CC = 2, X = 1, P = 1: two CSRCs, an extension of one word, payload 'ff', three octets of padding.
    const data = Buffer.from('b2000001000000020000000311111111222222220000000133333333ff000003', 'hex');
    const packet = parseRtpPacket(data)!;
    expect(packet.payload.toString('hex')).toBe('ff');
  });

  it('refuses what is not a valid RTP packet, without throwing', () => {
    expect(parseRtpPacket(Buffer.alloc(11))).toBeUndefined();
    expect(parseRtpPacket(Buffer.from('400000010000000200000003', 'hex'))).toBeUndefined(); // version 1
    expect(parseRtpPacket(Buffer.from('8f0000010000000200000003', 'hex'))).toBeUndefined(); // 15 CSRCs announced, none there
    expect(parseRtpPacket(Buffer.from('900000010000000200000003beef', 'hex'))).toBeUndefined(); // extension header cut short
    expect(parseRtpPacket(Buffer.from('a000000100000002000000030000', 'hex'))).toBeUndefined(); // padding count 0
    expect(parseRtpPacket(Buffer.from('a0000001000000020000000320', 'hex'))).toBeUndefined(); // more padding than packet
  });

  it('tells RTCP from RTP on a shared port by the second octet (RFC 5761 §4)', () => {
    expect(isRtcp(Buffer.from('80c8', 'hex'))).toBe(true);
    expect(isRtcp(Buffer.from('80c9', 'hex'))).toBe(true);
    expect(isRtcp(Buffer.from('8000', 'hex'))).toBe(false);
    expect(isRtcp(Buffer.from('8080', 'hex'))).toBe(false);
    expect(isRtcp(Buffer.from('80', 'hex'))).toBe(false);
  });
});
