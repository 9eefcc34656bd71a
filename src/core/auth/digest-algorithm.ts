import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The names of the IANA "Hash Algorithms for HTTP Digest Authentication" registry (RFC 7616 §6.1) that SIP uses (RFC 8760 §2). */
export type DigestAlgorithmName = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

/** A digest algorithm: H() of RFC 7616 §3.3 and whether A1 is the session form of §3.4.2. */
export interface DigestAlgorithm {
  readonly name: DigestAlgorithmName;
  /** `<algorithm>-sess`: A1 also covers the nonce and cnonce (RFC 7616 §3.4.2). */
  readonly session: boolean;
  /** Rank used when a server offers several algorithms for one realm; higher is stronger. A -sess variant ranks as its base. */
  readonly strength: number;
  /** H(data) as lowercase hex (RFC 7616 §3.2); strings are hashed as their UTF-8 octets. */
  hash(data: string | Uint8Array): string;
}

type HashFunction = (message: Uint8Array) => Uint8Array;

function hexHash(fn: HashFunction): (data: string | Uint8Array) => string {
  return (data) => bytesToHex(fn(typeof data === 'string' ? utf8ToBytes(data) : data));
}

// @noble/hashes rather than WebCrypto: WebCrypto has no MD5 and is asynchronous, and this must run in browsers too.
const BASES: ReadonlyArray<{ name: 'MD5' | 'SHA-256' | 'SHA-512-256'; strength: number; fn: HashFunction }> = [
  { name: 'MD5', strength: 1, fn: md5 },
  { name: 'SHA-256', strength: 2, fn: sha256 },
  // RFC 7616 §3.2: SHA-512/256 of FIPS 180-4 (its own initial hash values), not a truncated SHA-512.
  { name: 'SHA-512-256', strength: 3, fn: sha512_256 },
];

const BY_NAME = new Map<string, DigestAlgorithm>();
for (const base of BASES) {
  const hash = hexHash(base.fn);
  for (const session of [false, true]) {
    const name = (session ? `${base.name}-sess` : base.name) as DigestAlgorithmName;
    BY_NAME.set(name.toLowerCase(), Object.freeze({ name, session, strength: base.strength, hash }));
  }
}

/**
 * The algorithm an `algorithm` parameter names, matched case-insensitively; an absent parameter means
 * MD5 (RFC 7616 §3.3). `undefined` for an algorithm this library does not implement, whose challenge
 * "SHOULD be ignored" (ibid.).
 */
export function digestAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  return BY_NAME.get((token ?? 'MD5').toLowerCase());
}
