import alawmulaw from 'alawmulaw';

/** The audio codecs this handler carries: G.711 μ-law and A-law (RFC 3551 §4.5.14), 8 kHz mono. */
export type G711CodecName = 'PCMU' | 'PCMA';

/** Their static RTP payload types (RFC 3551 §6, table 4). */
export const STATIC_PAYLOAD_TYPES: Readonly<Record<G711CodecName, number>> = { PCMU: 0, PCMA: 8 };

/** Encodes 16-bit linear samples to one byte each and back, through lookup tables built once from `alawmulaw`. */
export interface G711Codec {
  readonly name: G711CodecName;
  /** Encode `count` samples (16-bit little-endian PCM at `from`) into `to` at `at`. */
  encode(from: Buffer, to: Buffer, at: number, count: number): void;
  /** Decode a G.711 payload to 16-bit little-endian PCM, a new buffer of twice its length. */
  decode(payload: Buffer): Buffer;
  /** The byte that encodes digital silence (linear 0). */
  readonly silence: number;
}

const codecs = new Map<G711CodecName, G711Codec>();

/** The codec of `name`, its tables built on first use (64 KiB to encode, 256 entries to decode). */
export function g711Codec(name: G711CodecName): G711Codec {
  let codec = codecs.get(name);
  if (codec === undefined) {
    codec = buildCodec(name);
    codecs.set(name, codec);
  }
  return codec;
}

function buildCodec(name: G711CodecName): G711Codec {
  const law = name === 'PCMU' ? alawmulaw.mulaw : alawmulaw.alaw;
  // Per-sample table lookups: no allocation per packet, and the same results as the library's own
  // per-sample functions, since the tables are filled from them.
  const encodeTable = new Uint8Array(0x10000);
  for (let i = 0; i < 0x10000; i++) encodeTable[i] = law.encodeSample((i << 16) >> 16) & 0xff;
  const decodeTable = new Int16Array(256);
  for (let i = 0; i < 256; i++) decodeTable[i] = law.decodeSample(i);
  return {
    name,
    silence: encodeTable[0]!,
    encode(from, to, at, count) {
      for (let i = 0; i < count; i++) to[at + i] = encodeTable[from.readUInt16LE(i * 2)]!;
    },
    decode(payload) {
      const out = Buffer.allocUnsafe(payload.length * 2);
      for (let i = 0; i < payload.length; i++) out.writeInt16LE(decodeTable[payload[i]!]!, i * 2);
      return out;
    },
  };
}
