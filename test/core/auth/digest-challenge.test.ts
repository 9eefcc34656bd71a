import { describe, expect, it } from 'vitest';
import { DigestChallenge, selectChallenges } from '../../../src/core/auth/index.js';
import { ProxyAuthenticateHeader, WwwAuthenticateHeader } from '../../../src/syntax/index.js';

function www(value: string) {
  return WwwAuthenticateHeader.parse(value)[0]!;
}

function challenge(value: string, proxy = false): DigestChallenge {
  const reading = DigestChallenge.read(proxy ? ProxyAuthenticateHeader.parse(value)[0]! : www(value));
  if (!reading.ok) throw new Error(reading.unusable.reason);
  return reading.challenge;
}

function reason(value: string): string | undefined {
  const reading = DigestChallenge.read(www(value));
  return reading.ok ? undefined : reading.unusable.reason;
}

describe('DigestChallenge.read', () => {
  it('reads the RFC 3261 §22.2 example', () => {
    const c = challenge(
      'Digest realm="biloxi.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(c).toMatchObject({
      header: 'WWW-Authenticate',
      realm: 'biloxi.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      qops: ['auth', 'auth-int'],
      stale: false,
      userhash: false,
      domain: [],
    });
    expect(c.algorithm.name).toBe('MD5');
    expect(c.answerHeader).toBe('Authorization');
  });

  it('reads a Proxy-Authenticate as answered by Proxy-Authorization', () => {
    const c = challenge('Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5', true);
    expect(c).toMatchObject({ header: 'Proxy-Authenticate', realm: 'atlanta.com', opaque: '', stale: false, domain: ['sip:ss1.carrier.com'] });
    expect(c.answerHeader).toBe('Proxy-Authorization');
  });

  it('reads stale, userhash, domain lists, and algorithm names case-insensitively', () => {
    const c = challenge('digest realm="r", nonce="n", stale=TRUE, userhash=true, algorithm=sha-512-256-SESS, qop="Auth-Int", domain="sip:a.example.com  sip:b.example.com"');
    expect(c.stale).toBe(true);
    expect(c.userhash).toBe(true);
    expect(c.algorithm.name).toBe('SHA-512-256-sess');
    expect(c.qops).toEqual(['auth-int']);
    expect(c.domain).toEqual(['sip:a.example.com', 'sip:b.example.com']);
  });

  it('ignores unknown qop values next to known ones', () => {
    expect(challenge('Digest realm="r", nonce="n", qop="auth-conf, auth"').qops).toEqual(['auth']);
  });

  it('explains what makes a challenge unusable', () => {
    expect(reason('Basic realm="r"')).toBe('scheme Basic is not Digest');
    expect(reason('Digest nonce="n"')).toBe('no realm parameter');
    expect(reason('Digest realm="r"')).toBe('no nonce parameter');
    expect(reason('Digest realm="r", nonce="n", algorithm=SHA-1')).toBe('algorithm SHA-1 is not supported');
    expect(reason('Digest realm="r", nonce="n", algorithm=AKAv1-MD5')).toBe('algorithm AKAv1-MD5 is not supported');
    expect(reason('Digest realm="r", nonce="n", qop="auth-conf"')).toBe('qop "auth-conf" offers neither auth nor auth-int');
    // RFC 3261 §22.4 item 8: no cnonce without qop, so -sess cannot be computed.
    expect(reason('Digest realm="r", nonce="n", algorithm=MD5-sess')).toBe('MD5-sess without qop');
    const reading = DigestChallenge.read(www('Digest realm="r", nonce="n", algorithm=SHA-1'));
    expect(reading).toEqual({ ok: false, unusable: { header: 'WWW-Authenticate', realm: 'r', reason: 'algorithm SHA-1 is not supported' } });
  });
});

describe('DigestChallenge.chooseQop', () => {
  it('answers auth when both are offered, auth-int only when asked to protect the body', () => {
    const both = challenge('Digest realm="r", nonce="n", qop="auth-int, auth"');
    expect(both.chooseQop(false)).toBe('auth');
    expect(both.chooseQop(true)).toBe('auth-int');
  });
  it('answers auth-int when it is the only qop, auth when auth-int is not offered', () => {
    expect(challenge('Digest realm="r", nonce="n", qop="auth-int"').chooseQop(false)).toBe('auth-int');
    expect(challenge('Digest realm="r", nonce="n", qop="auth"').chooseQop(true)).toBe('auth');
  });
  it('answers without qop when none was offered (RFC 2069 form)', () => {
    expect(challenge('Digest realm="r", nonce="n"').chooseQop(true)).toBeUndefined();
  });
});

describe('selectChallenges', () => {
  it('keeps the strongest algorithm per realm whatever the server order', () => {
    const offered = [
      challenge('Digest realm="r", nonce="1", algorithm=MD5, qop="auth"'),
      challenge('Digest realm="r", nonce="2", algorithm=SHA-256, qop="auth"'),
      challenge('Digest realm="r", nonce="3", algorithm=SHA-512-256, qop="auth"'),
    ];
    expect(selectChallenges(offered).map((c) => c.nonce)).toEqual(['3']);
    expect(selectChallenges([...offered].reverse()).map((c) => c.nonce)).toEqual(['3']);
  });

  it('ranks -sess variants as their base and keeps the topmost on a tie', () => {
    const offered = [
      challenge('Digest realm="r", nonce="1", algorithm=SHA-256-sess, qop="auth"'),
      challenge('Digest realm="r", nonce="2", algorithm=SHA-256, qop="auth"'),
      challenge('Digest realm="r", nonce="3", algorithm=MD5-sess, qop="auth"'),
    ];
    expect(selectChallenges(offered).map((c) => c.nonce)).toEqual(['1']);
  });

  it('answers each realm and each header separately, in order of first appearance', () => {
    const offered = [
      challenge('Digest realm="proxy", nonce="p1", algorithm=MD5, qop="auth"', true),
      challenge('Digest realm="registrar", nonce="r1", algorithm=MD5, qop="auth"'),
      challenge('Digest realm="registrar", nonce="r2", algorithm=SHA-256, qop="auth"'),
      challenge('Digest realm="proxy", nonce="p2", algorithm=SHA-256, qop="auth"', true),
      // same realm, other header: a distinct protection space
      challenge('Digest realm="proxy", nonce="w1", qop="auth"'),
    ];
    expect(selectChallenges(offered).map((c) => `${c.header} ${c.realm} ${c.nonce}`)).toEqual([
      'Proxy-Authenticate proxy p2',
      'WWW-Authenticate registrar r2',
      'WWW-Authenticate proxy w1',
    ]);
  });
});
