import type { DigestAlgorithm } from './digest-algorithm.js';

/** The qop values this library implements (RFC 7616 §3.3). */
export type DigestQop = 'auth' | 'auth-int';

/** Everything the response computation of RFC 7616 §3.4.1–3.4.3 depends on, all unquoted. */
export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  /** The digest-uri: exactly the string sent in `uri="..."`, the Request-URI in SIP (RFC 3261 §22.4 item 3). */
  uri: string;
  /** Absent for the RFC 2069 form, which RFC 3261 §22.4 item 8 still lets a client answer. */
  qop?: DigestQop;
  /** The 8-hex-digit nonce count, exactly as sent; required with qop. */
  nc?: string;
  /** Required with qop and with -sess algorithms. */
  cnonce?: string;
  /** The message body, hashed for auth-int; empty when absent (RFC 3261 §22.4 item 7). */
  body?: Uint8Array;
}

/** The intermediate hashes are exposed because the published test vectors list them. */
export interface DigestResponseValues {
  ha1: string;
  ha2: string;
  response: string;
}

const EMPTY = new Uint8Array(0);

/** The request-digest of RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1 when there is no qop). */
export function computeDigestResponse(input: DigestResponseInput): DigestResponseValues {
  const { algorithm, nonce, cnonce, qop, nc } = input;
  const H = algorithm.hash;
  if (qop !== undefined && (nc === undefined || cnonce === undefined)) {
    throw new TypeError(`qop=${qop} needs nc and cnonce (RFC 7616 §3.4.1)`);
  }
  if (algorithm.session && cnonce === undefined) {
    // RFC 3261 §22.4 item 8: -sess depends on the cnonce, which is only sent along with qop.
    throw new TypeError(`${algorithm.name} needs a cnonce (RFC 7616 §3.4.2)`);
  }
  // RFC 7616 §3.4.2: A1, and for -sess the session key over nonce-prime and cnonce-prime.
  let ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  if (algorithm.session) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  // RFC 7616 §3.4.3: A2; auth-int adds H(entity-body).
  const ha2 =
    qop === 'auth-int' ? H(`${input.method}:${input.uri}:${H(input.body ?? EMPTY)}`) : H(`${input.method}:${input.uri}`);
  const response =
    qop === undefined ? H(`${ha1}:${nonce}:${ha2}`) : H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  return { ha1, ha2, response };
}

/** The hashed username sent when a challenge says `userhash=true` (RFC 7616 §3.4.4). */
export function computeUserhash(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return algorithm.hash(`${username}:${realm}`);
}
