import { ProxyAuthenticateHeader, type WwwAuthenticateHeader } from '../../syntax/index.js';
import { digestAlgorithm, type DigestAlgorithm } from './digest-algorithm.js';
import type { DigestQop } from './digest-response.js';

/** The header a challenge came in; it decides the header of the answer (RFC 3261 §22.2, §22.3). */
export type ChallengeHeaderName = 'WWW-Authenticate' | 'Proxy-Authenticate';

/** A challenge header value this library cannot answer, and why. */
export interface UnusableChallenge {
  readonly header: ChallengeHeaderName;
  readonly realm: string | undefined;
  readonly reason: string;
}

export type ChallengeReading = { ok: true; challenge: DigestChallenge } | { ok: false; unusable: UnusableChallenge };

const KNOWN_QOPS: readonly DigestQop[] = ['auth', 'auth-int'];

/** One Digest challenge (RFC 7616 §3.3 as profiled for SIP by RFC 3261 §22.4 and RFC 8760) that this library can answer. */
export class DigestChallenge {
  readonly header: ChallengeHeaderName;
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: DigestAlgorithm;
  /** The qop values offered that this library implements, in the server's order; empty when no qop was offered. */
  readonly qops: readonly DigestQop[];
  /** RFC 7616 §3.3: the previous nonce was stale but the credentials were good. */
  readonly stale: boolean;
  /** RFC 7616 §3.4.4: the server accepts a hashed username. */
  readonly userhash: boolean;
  /** The URIs of the protection space (RFC 7616 §3.3 "domain"); informative only. */
  readonly domain: readonly string[];

  private constructor(fields: {
    header: ChallengeHeaderName;
    realm: string;
    nonce: string;
    opaque: string | undefined;
    algorithm: DigestAlgorithm;
    qops: DigestQop[];
    stale: boolean;
    userhash: boolean;
    domain: string[];
  }) {
    this.header = fields.header;
    this.realm = fields.realm;
    this.nonce = fields.nonce;
    this.opaque = fields.opaque;
    this.algorithm = fields.algorithm;
    this.qops = fields.qops;
    this.stale = fields.stale;
    this.userhash = fields.userhash;
    this.domain = fields.domain;
  }

  /** The header that carries the answer: Authorization for a WWW-Authenticate, Proxy-Authorization for a Proxy-Authenticate. */
  get answerHeader(): 'Authorization' | 'Proxy-Authorization' {
    return this.header === 'Proxy-Authenticate' ? 'Proxy-Authorization' : 'Authorization';
  }

  /**
   * The protection space this challenge names (RFC 7616 §3.3: a realm, separately for the
   * server and for a proxy): credentials are kept and answered per space.
   */
  get protectionSpace(): string {
    return `${this.header}\n${this.realm}`;
  }

  /** Read a parsed WWW-Authenticate or Proxy-Authenticate value; anything this library cannot answer comes back with the reason. */
  static read(value: WwwAuthenticateHeader | ProxyAuthenticateHeader): ChallengeReading {
    const header: ChallengeHeaderName = value instanceof ProxyAuthenticateHeader ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const realm = value.realm;
    const unusable = (reason: string): ChallengeReading => ({ ok: false, unusable: { header, realm, reason } });
    // RFC 3261 §22.4: "SIP servers MUST NOT accept or request Basic authentication"; only Digest is answered.
    if (value.scheme.toLowerCase() !== 'digest') return unusable(`scheme ${value.scheme} is not Digest`);
    if (realm === undefined) return unusable('no realm parameter');
    const nonce = value.nonce;
    if (nonce === undefined) return unusable('no nonce parameter');
    const algorithm = digestAlgorithm(value.algorithm);
    if (algorithm === undefined) return unusable(`algorithm ${value.algorithm} is not supported`);
    const offered = value.qop;
    const tokens = offered === undefined ? [] : offered.split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== '');
    const qops = tokens.filter((q): q is DigestQop => (KNOWN_QOPS as readonly string[]).includes(q));
    // RFC 3261 §22.4 item 8: a client that receives qop MUST send one, so a list of only unknown values cannot be answered.
    if (offered !== undefined && qops.length === 0) return unusable(`qop "${offered}" offers neither auth nor auth-int`);
    // RFC 3261 §22.4 item 8: -sess depends on the cnonce, which may only be sent with a qop.
    if (algorithm.session && qops.length === 0) return unusable(`${algorithm.name} without qop`);
    const domain = value.domain;
    return {
      ok: true,
      challenge: new DigestChallenge({
        header,
        realm,
        nonce,
        opaque: value.opaque,
        algorithm,
        qops,
        stale: value.stale?.toLowerCase() === 'true',
        userhash: value.params.get('userhash')?.toLowerCase() === 'true',
        domain: domain === undefined ? [] : domain.split(/\s+/).filter((uri) => uri !== ''),
      }),
    };
  }

  /**
   * The qop to answer with. `auth` whenever offered unless the body must be protected: SIP proxies may
   * legitimately rewrite bodies (and auth-int makes every retry hash the whole body), so integrity
   * protection is opt-in. `auth-int` when it is the only one offered; `undefined` when no qop was
   * offered (RFC 2069 form).
   */
  chooseQop(protectBody: boolean): DigestQop | undefined {
    if (protectBody && this.qops.includes('auth-int')) return 'auth-int';
    if (this.qops.includes('auth')) return 'auth';
    return this.qops[0];
  }
}
