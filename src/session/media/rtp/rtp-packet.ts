// The RTP fixed header (RFC 3550 §5.1), written and read here rather than with a packet library:
// twelve bytes in, twelve bytes out, and no dependency (werift-rtp would bring its media stack).

/** Length of the fixed header we send: no CSRC, no extension, no padding (RFC 3550 §5.1). */
export const RTP_HEADER_LENGTH = 12;

/** The fields of the fixed header a sender chooses for each packet. */
export interface RtpHeaderFields {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

/** A received RTP packet: header fields and where its payload lies in the datagram (no copy). */
export interface RtpPacket extends RtpHeaderFields {
  payload: Buffer;
}

/** Write the 12-byte fixed header at the start of `buffer` (version 2, P = X = CC = 0). */
export function writeRtpHeader(buffer: Buffer, fields: RtpHeaderFields): void {
  buffer[0] = 0x80;
  buffer[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  buffer.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  buffer.writeUInt32BE(fields.timestamp >>> 0, 4);
  buffer.writeUInt32BE(fields.ssrc >>> 0, 8);
}

/**
 * Read an RTP packet from a datagram, or undefined when it is not a valid one (RFC 3550 §5.1,
 * §5.3.1 and the checks of Appendix A.1): version 2, the CSRC list, header extension and padding
 * all inside the datagram. Never throws: the datagram is untrusted network input.
 */
export function parseRtpPacket(data: Buffer): RtpPacket | undefined {
  if (data.length < RTP_HEADER_LENGTH) return undefined;
  const first = data[0]!;
  if (first >> 6 !== 2) return undefined;
  let offset = RTP_HEADER_LENGTH + (first & 0x0f) * 4;
  if (first & 0x10) {
    // RFC 3550 §5.3.1: a 4-byte extension header whose length counts the 32-bit words after it.
    if (data.length < offset + 4) return undefined;
    offset += 4 + data.readUInt16BE(offset + 2) * 4;
  }
  let end = data.length;
  if (first & 0x20) {
    // RFC 3550 §5.1: the last octet of the padding counts the padding octets, itself included.
    const padding = data[end - 1]!;
    if (padding === 0) return undefined;
    end -= padding;
  }
  if (end < offset) return undefined;
  const second = data[1]!;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    ssrc: data.readUInt32BE(8),
    payload: data.subarray(offset, end),
  };
}

/**
 * Whether a datagram on a port carrying both is RTCP rather than RTP (RFC 5761 §4): RTCP packet
 * types 200–204 fall, as the second octet, where RTP would have the marker set and payload
 * types 72–76, which RFC 5761 keeps unused.
 */
export function isRtcp(data: Buffer): boolean {
  const type = data[1];
  return type !== undefined && type >= 192 && type <= 223;
}
