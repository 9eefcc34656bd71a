import { MAGIC_COOKIE } from '../../transaction/index.js';

// WebCrypto allows 65,536 bytes a call; one call fills the pool for about 140 calls' tags and
// branches, instead of one call (and one small buffer) per identifier.
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * `bytes` cryptographically random bytes as lower-case hex (browser-safe: WebCrypto, not node:crypto).
 * Bytes are taken from a pool filled by getRandomValues and never handed out twice.
 */
function randomHex(bytes: number): string {
  if (used + bytes > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  let out = '';
  for (const end = used + bytes; used < end; used++) out += HEX[pool[used]!];
  return out;
}

/** A Via branch: the magic cookie (RFC 3261 §8.1.1.7) and 96 random bits, unique across space and time (RFC 3261 §8.1.1.7). */
export function newBranch(): string {
  return MAGIC_COOKIE + randomHex(12);
}

/** A From or To tag: 96 random bits, well above the 32 RFC 3261 §19.3 asks for. */
export function newTag(): string {
  return randomHex(12);
}

/** A Call-ID: 128 random bits, globally unique as RFC 3261 §8.1.1.4 recommends. */
export function newCallId(): string {
  return randomHex(16);
}

/** Where new branches, tags and Call-IDs come from; tests inject a predictable one. */
export interface IdGenerator {
  branch(): string;
  tag(): string;
  callId(): string;
}

/** The cryptographically random generator every UA uses unless told otherwise. */
export const randomIds: IdGenerator = { branch: newBranch, tag: newTag, callId: newCallId };
