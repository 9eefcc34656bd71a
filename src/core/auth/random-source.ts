import { bytesToHex } from '@noble/hashes/utils.js';

/** Fills `length` random octets; injected so tests get a deterministic cnonce. */
export type RandomSource = (length: number) => Uint8Array;

/** WebCrypto's getRandomValues: present in browsers and in Node 20 as `globalThis.crypto`. */
export const cryptoRandom: RandomSource = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A client nonce: 128 random bits as hex, unguessable as RFC 7616 §3.4 asks, and a plain token inside the quotes. */
export function makeCnonce(random: RandomSource): string {
  return bytesToHex(random(16));
}

/** The nonce-count as sent: 8 lowercase hex digits (RFC 7616 §3.4, RFC 3261 §25 nc-value = 8LHEX). */
export function formatNonceCount(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 0xffffffff) throw new RangeError(`nonce count out of range: ${count}`);
  return count.toString(16).padStart(8, '0');
}
