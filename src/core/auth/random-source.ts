import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '../../transport/index.js';

/** Fills `length` random octets; injected so tests get a deterministic cnonce. */
export type RandomSource = (length: number) => Uint8Array;

/** The default: WebCrypto, through the transport layer's one random source. */
export const cryptoRandom: RandomSource = randomBytes;

/** A client nonce: 128 random bits as hex, unguessable as RFC 7616 §3.4 asks, and a plain token inside the quotes. */
export function makeCnonce(random: RandomSource): string {
  return bytesToHex(random(16));
}

/** The nonce-count as sent: 8 lowercase hex digits (RFC 7616 §3.4, RFC 3261 §25 nc-value = 8LHEX). */
export function formatNonceCount(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 0xffffffff) throw new RangeError(`nonce count out of range: ${count}`);
  return count.toString(16).padStart(8, '0');
}
