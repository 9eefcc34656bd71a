import { describe, expect, it } from 'vitest';
import {
  computeDigestResponse,
  digestAlgorithm,
  DigestAuthenticator,
  type DigestAuthOutcome,
  type RandomSource,
} from '../../../src/core/auth/index.js';
import { parseMessage, parseUri, SipRequest, SipResponse } from '../../../src/syntax/index.js';

/** Deterministic cnonce bits: the n-th call fills every octet with n. */
function countingRandom(): RandomSource {
  let calls = 0;
  return (length) => new Uint8Array(length).fill(++calls);
}
const CNONCE_1 = '01'.repeat(16);
const CNONCE_2 = '02'.repeat(16);

function response(status: number, challenges: string[]): SipResponse {
  const reason = status === 407 ? 'Proxy Authentication Required' : status === 401 ? 'Unauthorized' : 'OK';
  const text =
    `SIP/2.0 ${status} ${reason}\r\n` +
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n' +
    'From: <sip:alice@atlanta.com>;tag=1928301774\r\n' +
    'To: <sip:alice@atlanta.com>;tag=a6c85cf\r\n' +
    'Call-ID: a84b4c76e66710\r\n' +
    'CSeq: 1 REGISTER\r\n' +
    challenges.map((c) => `${c}\r\n`).join('') +
    'Content-Length: 0\r\n\r\n';
  const message = parseMessage(text);
  if (!(message instanceof SipResponse)) throw new Error('not a response');
  return message;
}

const REGISTER = { method: 'REGISTER', uri: 'sip:atlanta.com' };
const ALICE = { username: 'alice', password: 'secret' };
const REGISTRAR = (nonce: string, extra = '') =>
  `WWW-Authenticate: Digest realm="atlanta.com", nonce="${nonce}", qop="auth", algorithm=MD5${extra}`;

function headers(outcome: DigestAuthOutcome): string[] {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.reason}`);
  return outcome.headers.map((h) => `${h.name}: ${h.value}`);
}

function ncOf(line: string): string | undefined {
  return /nc=([0-9a-f]{8})/.exec(line)?.[1];
}

describe('DigestAuthenticator', () => {
  it('answers a registrar 401 with the Authorization line the retry carries on the wire', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const outcome = auth.respond(response(401, [REGISTRAR('84a4cc6f3082121f32b42a2187831a9e')]), REGISTER);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const retry = new SipRequest('REGISTER', parseUri('sip:atlanta.com'));
    for (const h of outcome.headers) retry.setHeader(h.name, h.value);
    const expected = computeDigestResponse({
      algorithm: digestAlgorithm('MD5')!,
      ...ALICE,
      realm: 'atlanta.com',
      nonce: '84a4cc6f3082121f32b42a2187831a9e',
      ...REGISTER,
      qop: 'auth',
      nc: '00000001',
      cnonce: CNONCE_1,
    }).response;
    expect(retry.toString().split('\r\n')).toContain(
      'Authorization: Digest username="alice", realm="atlanta.com", uri="sip:atlanta.com", algorithm=MD5, ' +
        `nonce="84a4cc6f3082121f32b42a2187831a9e", nc=00000001, cnonce="${CNONCE_1}", qop=auth, response="${expected}"`,
    );
  });

  it('computes the response with the injected cnonce (SIP vector with cnonce 0a4f113b)', () => {
    const bytes = [0x0a, 0x4f, 0x11, 0x3b];
    // makeCnonce takes 16 octets; a source of 4 non-zero octets then zeros gives a known cnonce.
    const random: RandomSource = (n) => Uint8Array.from({ length: n }, (_, i) => bytes[i] ?? 0);
    const auth = new DigestAuthenticator({ credentials: ALICE, random });
    const [line] = headers(auth.respond(response(401, [REGISTRAR('84a4cc6f3082121f32b42a2187831a9e')]), REGISTER));
    const cnonce = '0a4f113b' + '00'.repeat(12);
    expect(line).toContain(`cnonce="${cnonce}"`);
    const expected = computeDigestResponse({
      algorithm: digestAlgorithm('MD5')!,
      ...ALICE,
      realm: 'atlanta.com',
      nonce: '84a4cc6f3082121f32b42a2187831a9e',
      ...REGISTER,
      qop: 'auth',
      nc: '00000001',
      cnonce,
    }).response;
    expect(line).toContain(`response="${expected}"`);
  });

  it('answers with the strongest algorithm when the server offers several for one realm', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const out = headers(
      auth.respond(
        response(401, [
          'WWW-Authenticate: Digest realm="atlanta.com", nonce="n-md5", qop="auth", algorithm=MD5',
          'WWW-Authenticate: Digest realm="atlanta.com", nonce="n-256", qop="auth", algorithm=SHA-256',
          'WWW-Authenticate: Digest realm="atlanta.com", nonce="n-512", qop="auth", algorithm=SHA-512-256',
        ]),
        REGISTER,
      ),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('algorithm=SHA-512-256, nonce="n-512"');
    expect(out[0]).toMatch(/response="[0-9a-f]{64}"/);
  });

  it('skips algorithms it does not know and uses the next challenge', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const outcome = auth.respond(
      response(401, [
        'WWW-Authenticate: Digest realm="atlanta.com", nonce="x", qop="auth", algorithm=SHA3-256',
        'WWW-Authenticate: Digest realm="atlanta.com", nonce="n-256", qop="auth", algorithm=SHA-256',
      ]),
      REGISTER,
    );
    expect(headers(outcome)[0]).toContain('algorithm=SHA-256, nonce="n-256"');
    expect(outcome.ignored).toEqual([{ header: 'WWW-Authenticate', realm: 'atlanta.com', reason: 'algorithm SHA3-256 is not supported' }]);
  });

  it('fails with a clear reason when no challenge is usable', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const outcome = auth.respond(
      response(401, ['WWW-Authenticate: Digest realm="atlanta.com", nonce="x", qop="auth", algorithm=SHA-1', 'WWW-Authenticate: Basic realm="atlanta.com"']),
      REGISTER,
    );
    expect(outcome).toMatchObject({
      ok: false,
      code: 'no-usable-challenge',
      reason:
        'no usable challenge (WWW-Authenticate realm "atlanta.com": algorithm SHA-1 is not supported; ' +
        'WWW-Authenticate realm "atlanta.com": scheme Basic is not Digest)',
    });
  });

  it('fails when the 401 carries no challenge at all, and for a response that is not a challenge', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    expect(auth.respond(response(401, []), REGISTER)).toMatchObject({ ok: false, code: 'no-usable-challenge', reason: 'no usable challenge' });
    expect(auth.respond(response(200, []), REGISTER)).toMatchObject({ ok: false, code: 'not-a-challenge' });
  });

  it('passes over a malformed challenge line and answers the good one', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const outcome = auth.respond(response(401, ['WWW-Authenticate: Digest realm=', REGISTRAR('good')]), REGISTER);
    expect(headers(outcome)).toHaveLength(1);
    expect(outcome.ignored[0]?.reason).toMatch(/^malformed: /);
  });

  it('answers only the realms it has credentials for, and fails when it has none', () => {
    const auth = new DigestAuthenticator({ credentials: [{ ...ALICE, realm: 'atlanta.com' }], random: countingRandom() });
    const outcome = auth.respond(
      response(401, [REGISTRAR('a'), 'WWW-Authenticate: Digest realm="biloxi.com", nonce="b", qop="auth"']),
      REGISTER,
    );
    expect(headers(outcome)).toHaveLength(1);
    expect(outcome.ignored).toEqual([{ header: 'WWW-Authenticate', realm: 'biloxi.com', reason: 'no credentials for realm "biloxi.com"' }]);
    const other = new DigestAuthenticator({ credentials: [{ ...ALICE, realm: 'biloxi.com' }], random: countingRandom() });
    expect(other.respond(response(401, [REGISTRAR('a')]), REGISTER)).toMatchObject({ ok: false, code: 'no-usable-challenge' });
  });

  it('picks the realm-specific credentials over the default ones', () => {
    const auth = new DigestAuthenticator({
      credentials: [ALICE, { username: 'proxyuser', password: 'p', realm: 'proxy.example' }],
      random: countingRandom(),
    });
    const out = headers(
      auth.respond(response(407, ['Proxy-Authenticate: Digest realm="proxy.example", nonce="p", qop="auth"', REGISTRAR('r')]), REGISTER),
    );
    expect(out[0]).toMatch(/^Proxy-Authorization: Digest username="proxyuser", realm="proxy.example"/);
    expect(out[1]).toMatch(/^Authorization: Digest username="alice", realm="atlanta.com"/);
  });

  it('answers a proxy 407 then a registrar 401, the second retry carrying both with their own nonce counts', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const first = headers(auth.respond(response(407, ['Proxy-Authenticate: Digest realm="proxy.example", nonce="p1", qop="auth"']), REGISTER));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^Proxy-Authorization: Digest username="alice", realm="proxy.example", .*nonce="p1", nc=00000001, /);
    const second = headers(auth.respond(response(401, [REGISTRAR('r1')]), REGISTER));
    expect(second).toHaveLength(2);
    expect(second[0]).toMatch(/^Proxy-Authorization: .*nonce="p1", nc=00000002, /);
    expect(second[0]).toContain(`cnonce="${CNONCE_1}"`);
    expect(second[1]).toMatch(/^Authorization: .*nonce="r1", nc=00000001, /);
    expect(second[1]).toContain(`cnonce="${CNONCE_2}"`);
  });

  it('increments nc for each request under one nonce and restarts it at 1 with a new nonce', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const first = headers(auth.respond(response(401, [REGISTRAR('n1')]), REGISTER));
    expect(first.map(ncOf)).toEqual(['00000001']);
    auth.accepted();
    expect(auth.authorize(REGISTER).map((h) => ncOf(String(h.value)))).toEqual(['00000002']);
    auth.accepted();
    expect(auth.authorize(REGISTER).map((h) => ncOf(String(h.value)))).toEqual(['00000003']);
    // the refresh's nonce expired: stale=true brings a new nonce, nc restarts and a new cnonce is drawn
    const stale = headers(auth.respond(response(401, [REGISTRAR('n2', ', stale=true')]), REGISTER));
    expect(stale[0]).toContain('nonce="n2", nc=00000001, ');
    expect(stale[0]).toContain(`cnonce="${CNONCE_2}"`);
  });

  it('retries once on stale=true without counting it as a password failure', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    headers(auth.respond(response(401, [REGISTRAR('n1')]), REGISTER));
    const retry = auth.respond(response(401, [REGISTRAR('n2', ', stale=TRUE')]), REGISTER);
    expect(headers(retry)[0]).toContain('nonce="n2"');
    // the stale retry is still checked: a plain rechallenge now means a wrong password
    expect(auth.respond(response(401, [REGISTRAR('n3')]), REGISTER)).toMatchObject({
      ok: false,
      code: 'credentials-rejected',
      realm: 'atlanta.com',
      reason: 'credentials rejected for realm "atlanta.com"',
    });
  });

  it('gives up when the nonce is stale again right after a stale retry', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    headers(auth.respond(response(401, [REGISTRAR('n1')]), REGISTER));
    headers(auth.respond(response(401, [REGISTRAR('n2', ', stale=true')]), REGISTER));
    expect(auth.respond(response(401, [REGISTRAR('n3', ', stale=true')]), REGISTER)).toMatchObject({
      ok: false,
      code: 'stale-repeated',
      realm: 'atlanta.com',
    });
  });

  it('allows another stale retry once the previous credentials were accepted', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    headers(auth.respond(response(401, [REGISTRAR('n1')]), REGISTER));
    headers(auth.respond(response(401, [REGISTRAR('n2', ', stale=true')]), REGISTER));
    auth.accepted();
    auth.authorize(REGISTER);
    expect(headers(auth.respond(response(401, [REGISTRAR('n3', ', stale=true')]), REGISTER))[0]).toContain('nonce="n3"');
  });

  it('ends a wrong password in exactly one failure, and never resends the rejected credentials', () => {
    const auth = new DigestAuthenticator({ credentials: { username: 'alice', password: 'wrong' }, random: countingRandom() });
    const challenge = response(401, [REGISTRAR('n1')]);
    let retries = 0;
    let outcome = auth.respond(challenge, REGISTER);
    while (outcome.ok && retries < 10) {
      retries += 1;
      // the server rejects every attempt with a fresh, non-stale challenge
      outcome = auth.respond(response(401, [REGISTRAR(`n${retries + 1}`)]), REGISTER);
    }
    expect(retries).toBe(1);
    expect(outcome).toMatchObject({ ok: false, code: 'credentials-rejected' });
    expect(auth.authorize(REGISTER)).toEqual([]);
  });

  it('treats a rechallenge after accepted credentials as a new challenge, not a failure', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    headers(auth.respond(response(401, [REGISTRAR('n1')]), REGISTER));
    auth.accepted();
    // a new request sent without credentials (e.g. to a new destination) is challenged afresh
    expect(headers(auth.respond(response(401, [REGISTRAR('n2')]), REGISTER))[0]).toContain('nonce="n2", nc=00000001');
  });

  it('settles a proxy realm that let the retry through when the registrar challenges next', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    headers(auth.respond(response(407, ['Proxy-Authenticate: Digest realm="proxy.example", nonce="p1", qop="auth"']), REGISTER));
    headers(auth.respond(response(401, [REGISTRAR('r1')]), REGISTER));
    // the proxy's nonce then goes stale: one stale retry is allowed, as for a fresh answer
    const out = headers(auth.respond(response(407, ['Proxy-Authenticate: Digest realm="proxy.example", nonce="p2", qop="auth", stale=true']), REGISTER));
    expect(out[0]).toContain('nonce="p2", nc=00000001');
    expect(out[1]).toContain('nonce="r1", nc=00000002');
  });

  it('answers auth-int over the body when asked to protect it', () => {
    const body = new TextEncoder().encode('v=0\r\n');
    const invite = { method: 'INVITE', uri: 'sip:bob@biloxi.com', body };
    const challenge = response(401, ['WWW-Authenticate: Digest realm="biloxi.com", nonce="n", qop="auth,auth-int"']);
    const plain = headers(new DigestAuthenticator({ credentials: ALICE, random: countingRandom() }).respond(challenge, invite))[0]!;
    const protectedLine = headers(new DigestAuthenticator({ credentials: ALICE, random: countingRandom(), protectBody: true }).respond(challenge, invite))[0]!;
    expect(plain).toContain('qop=auth,');
    expect(protectedLine).toContain('qop=auth-int,');
    expect(protectedLine).not.toBe(plain.replace('qop=auth,', 'qop=auth-int,'));
  });

  it('answers an RFC 2069 style challenge (no qop) without nc or cnonce', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    const [line] = headers(auth.respond(response(401, ['WWW-Authenticate: Digest realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e"']), REGISTER));
    expect(line).toBe(
      'Authorization: Digest username="alice", realm="atlanta.com", uri="sip:atlanta.com", algorithm=MD5, ' +
        'nonce="84a4cc6f3082121f32b42a2187831a9e", response="0534730df9b76ff85088704104e68f4d"',
    );
  });

  it('uses WebCrypto randomness by default', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE });
    const [line] = headers(auth.respond(response(401, [REGISTRAR('n')]), REGISTER));
    expect(line).toMatch(/cnonce="[0-9a-f]{32}"/);
  });

  it('has nothing to send before the first challenge, and forgets nonces on reset()', () => {
    const auth = new DigestAuthenticator({ credentials: ALICE, random: countingRandom() });
    expect(auth.authorize(REGISTER)).toEqual([]);
    headers(auth.respond(response(401, [REGISTRAR('n')]), REGISTER));
    auth.reset();
    expect(auth.authorize(REGISTER)).toEqual([]);
  });
});
