const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes from WebCrypto (browser-safe; Node ≥ 20 has `globalThis.crypto`). */
export function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
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
