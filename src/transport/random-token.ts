const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

// One getRandomValues call fills a pool for many small draws (a UA takes a few dozen bytes for its
// Contact user, Via host and instance ID): a call per draw cost about 2 % of a registration's CPU
// when thousands of UAs start at once (bench/load/ua-profile.ts).
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

/** Random bytes from WebCrypto (browser-safe; Node ≥ 20 has `globalThis.crypto`). */
export function randomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) return globalThis.crypto.getRandomValues(new Uint8Array(count));
  if (used + count > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  // A copy: bytes of the pool are handed out once, never twice.
  const bytes = pool.slice(used, used + count);
  used += count;
  return bytes;
}

/** `length` random lower-case letters and digits (the legacy `createRandomToken`). */
export function randomToken(length: number): string {
  let out = '';
  // 252 is the largest multiple of 36 below 256: rejecting larger bytes keeps every character equally likely.
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 252 && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}
