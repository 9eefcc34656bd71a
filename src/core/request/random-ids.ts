import { MAGIC_COOKIE } from '../../transaction/index.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '../../transport/index.js';

/** `bytes` cryptographically random bytes as lower-case hex (browser-safe: WebCrypto, not node:crypto). */
function randomHex(bytes: number): string {
  return bytesToHex(randomBytes(bytes));
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
