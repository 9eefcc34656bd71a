import type { SipResponse } from '../../syntax/index.js';
import { selectChallenges } from './challenge-selection.js';
import { readChallenges } from './challenge-reader.js';
import type { UnusableChallenge } from './digest-challenge.js';
import type { DigestAuthorization, DigestCredentials, DigestRequest } from './digest-authorization.js';
import { DigestSession } from './digest-session.js';
import { cryptoRandom, type RandomSource } from './random-source.js';

export interface DigestAuthenticatorOptions {
  /** One set for every realm, or several; one with a matching `realm` wins over one without. */
  credentials: DigestCredentials | readonly DigestCredentials[];
  /** Answer with qop=auth-int when offered, protecting the body (default false: `auth` when offered). */
  protectBody?: boolean;
  /** Source of cnonce bits (default WebCrypto getRandomValues). */
  random?: RandomSource;
}

/** Why a challenge cannot be answered. */
export type DigestFailureCode =
  /** The response is not a 401 or 407. */
  | 'not-a-challenge'
  /** No challenge has a supported scheme, algorithm and qop, and credentials for its realm. */
  | 'no-usable-challenge'
  /** A realm we answered challenged again without stale=true: wrong username or password. */
  | 'credentials-rejected'
  /** stale=true again right after a stale retry for the same realm. */
  | 'stale-repeated';

export type DigestAuthOutcome =
  | {
      ok: true;
      /** Every header the retried request must carry, replacing any Authorization/Proxy-Authorization it had. */
      headers: DigestAuthorization[];
      /** Challenges passed over (unsupported, malformed, no credentials), for logging. */
      ignored: UnusableChallenge[];
    }
  | { ok: false; code: DigestFailureCode; reason: string; realm?: string; ignored: UnusableChallenge[] };

interface Space {
  session: DigestSession;
  /** Credentials for this space went out and no verdict has come back yet. */
  pending: boolean;
  /** The current nonce came from a stale=true challenge answered under `pending`. */
  staleRetry: boolean;
}

/**
 * A UAC's Digest state for one user across a request, its retries and later requests (RFC 3261 §22):
 * one nonce per protection space (Authorization or Proxy-Authorization, and realm), with its cnonce
 * and nonce count. Every header it hands out is remembered as awaiting a verdict, so a repeated
 * challenge for the same realm ends in one failure instead of a retry loop.
 */
export class DigestAuthenticator {
  private readonly credentials: readonly DigestCredentials[];
  private readonly protectBody: boolean;
  private readonly random: RandomSource;
  private readonly spaces = new Map<string, Space>();

  constructor(options: DigestAuthenticatorOptions) {
    this.credentials = 'username' in options.credentials ? [options.credentials] : options.credentials;
    this.protectBody = options.protectBody ?? false;
    this.random = options.random ?? cryptoRandom;
  }

  /**
   * The headers for retrying `request` after the 401/407 `response`, or why it must not be retried.
   * The retry needs a new CSeq (RFC 3261 §22.2); headers for spaces not challenged this time (say, a
   * proxy answered before the registrar challenged) are included again with their next nonce count.
   */
  respond(response: SipResponse, request: DigestRequest): DigestAuthOutcome {
    const { usable, unusable } = readChallenges(response);
    const ignored = [...unusable];
    if (response.status !== 401 && response.status !== 407) {
      return { ok: false, code: 'not-a-challenge', reason: `status ${response.status} is not a 401 or 407`, ignored };
    }
    const withCredentials = usable.filter((challenge) => {
      if (this.credentialsFor(challenge.realm) !== undefined) return true;
      ignored.push({ header: challenge.header, realm: challenge.realm, reason: `no credentials for realm "${challenge.realm}"` });
      return false;
    });
    const answerable = selectChallenges(withCredentials);
    if (answerable.length === 0) {
      const why = ignored.map((u) => `${u.header}${u.realm === undefined ? '' : ` realm "${u.realm}"`}: ${u.reason}`);
      const reason = `no usable challenge${why.length > 0 ? ` (${why.join('; ')})` : ''}`;
      return { ok: false, code: 'no-usable-challenge', reason, ignored };
    }

    // A space that had credentials out and is not challenged again let the request through.
    const challenged = new Set(answerable.map((c) => c.protectionSpace));
    for (const [key, space] of this.spaces) {
      if (!challenged.has(key)) this.settle(space);
    }

    const next = new Map<string, Space>();
    for (const challenge of answerable) {
      const key = challenge.protectionSpace;
      const previous = this.spaces.get(key);
      let staleRetry = false;
      if (previous?.pending) {
        // RFC 3261 §22.1: credentials just rejected MUST NOT be re-attempted, "though the request may be
        // retried if the nonce was stale"; RFC 7616 §3.3: stale=false means the credentials are wrong.
        // The rejected nonce is dropped so that authorize() never sends these credentials again.
        if (!challenge.stale) {
          this.spaces.delete(key);
          const reason = `credentials rejected for realm "${challenge.realm}"`;
          return { ok: false, code: 'credentials-rejected', reason, realm: challenge.realm, ignored };
        }
        if (previous.staleRetry) {
          this.spaces.delete(key);
          const reason = `nonce stale again for realm "${challenge.realm}" after a stale retry`;
          return { ok: false, code: 'stale-repeated', reason, realm: challenge.realm, ignored };
        }
        staleRetry = true;
      }
      const session = new DigestSession(challenge, this.credentialsFor(challenge.realm)!, this.random);
      next.set(key, { session, pending: false, staleRetry });
    }
    for (const [key, space] of next) this.spaces.set(key, space);
    return { ok: true, headers: this.authorize(request), ignored };
  }

  /**
   * Headers for `request` from the nonces already held (none before the first challenge), each with
   * its next nonce count: what a later request such as a REGISTER refresh sends pre-emptively.
   */
  authorize(request: DigestRequest): DigestAuthorization[] {
    const headers: DigestAuthorization[] = [];
    for (const space of this.spaces.values()) {
      space.pending = true;
      headers.push(space.session.answer(request, this.protectBody));
    }
    return headers;
  }

  /** The request carrying our credentials got a final response other than 401/407: they were accepted. */
  accepted(): void {
    for (const space of this.spaces.values()) this.settle(space);
  }

  /** Forget every nonce, e.g. after the user changed the password. */
  reset(): void {
    this.spaces.clear();
  }

  private settle(space: Space): void {
    space.pending = false;
    space.staleRetry = false;
  }

  private credentialsFor(realm: string): DigestCredentials | undefined {
    return this.credentials.find((c) => c.realm === realm) ?? this.credentials.find((c) => c.realm === undefined);
  }
}
