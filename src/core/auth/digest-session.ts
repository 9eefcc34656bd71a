import type { DigestChallenge } from './digest-challenge.js';
import { answerChallenge, type DigestAuthorization, type DigestCredentials, type DigestRequest } from './digest-authorization.js';
import { formatNonceCount, makeCnonce, type RandomSource } from './random-source.js';

/**
 * The client's state for one nonce of one protection space: the challenge, the cnonce chosen for it
 * and the nonce count. One cnonce per nonce keeps the -sess session key (RFC 7616 §3.4.2, built from
 * the first cnonce) valid for every later request under that nonce.
 */
export class DigestSession {
  readonly challenge: DigestChallenge;
  readonly credentials: DigestCredentials;
  readonly cnonce: string;
  private count = 0;

  constructor(challenge: DigestChallenge, credentials: DigestCredentials, random: RandomSource) {
    this.challenge = challenge;
    this.credentials = credentials;
    this.cnonce = makeCnonce(random);
  }

  /** How many requests have carried this nonce. */
  get nonceCount(): number {
    return this.count;
  }

  /** The header for the next request under this nonce; RFC 7616 §3.4: nc counts up from 1 for each request with the nonce. */
  answer(request: DigestRequest, protectBody: boolean): DigestAuthorization {
    const qop = this.challenge.chooseQop(protectBody);
    if (qop === undefined) return answerChallenge(this.challenge, this.credentials, request, { qop });
    this.count += 1;
    return answerChallenge(this.challenge, this.credentials, request, { qop, cnonce: this.cnonce, nc: formatNonceCount(this.count) });
  }
}
