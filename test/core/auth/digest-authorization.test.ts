import { describe, expect, it } from 'vitest';
import { answerChallenge, DigestChallenge, formatNonceCount, makeCnonce } from '../../../src/core/auth/index.js';
import { AuthorizationHeader, ProxyAuthenticateHeader, ProxyAuthorizationHeader, WwwAuthenticateHeader } from '../../../src/syntax/index.js';

function challenge(value: string, proxy = false): DigestChallenge {
  const reading = DigestChallenge.read(proxy ? ProxyAuthenticateHeader.parse(value)[0]! : WwwAuthenticateHeader.parse(value)[0]!);
  if (!reading.ok) throw new Error(reading.unusable.reason);
  return reading.challenge;
}

// RFC 7616 §3.9.1
const RFC7616_CHALLENGE = (algorithm: string) =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const MUFASA = { username: 'Mufasa', password: 'Circle of Life' };
const GET = { method: 'GET', uri: '/dir/index.html' };
const RFC7616_CNONCE = { cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nc: '00000001' };

describe('answerChallenge', () => {
  it('serialises the RFC 7616 §3.9.1 MD5 answer exactly', () => {
    const answer = answerChallenge(challenge(RFC7616_CHALLENGE('MD5')), MUFASA, GET, { qop: 'auth', ...RFC7616_CNONCE });
    expect(answer.name).toBe('Authorization');
    expect(answer.value).toBeInstanceOf(AuthorizationHeader);
    expect(String(answer.value)).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('serialises the RFC 7616 §3.9.1 SHA-256 answer exactly, and it parses back', () => {
    const answer = answerChallenge(challenge(RFC7616_CHALLENGE('SHA-256')), MUFASA, GET, { qop: 'auth', ...RFC7616_CNONCE });
    const text = String(answer.value);
    expect(text).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
        'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    const parsed = AuthorizationHeader.parse(text)[0]!;
    expect(parsed.response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(parsed.nc).toBe('00000001');
    expect(parsed.qop).toBe('auth');
  });

  it('answers a SIP Proxy-Authenticate with a Proxy-Authorization, quoting the Request-URI (RFC 3261 §22.4 item 2)', () => {
    const c = challenge('Digest realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", qop="auth", algorithm=MD5', true);
    const answer = answerChallenge(c, { username: 'alice', password: 'secret' }, { method: 'REGISTER', uri: 'sip:atlanta.com' }, { qop: 'auth', cnonce: '0a4f113b', nc: '00000001' });
    expect(answer.name).toBe('Proxy-Authorization');
    expect(answer.value).toBeInstanceOf(ProxyAuthorizationHeader);
    expect(String(answer.value)).toBe(
      'Digest username="alice", realm="atlanta.com", uri="sip:atlanta.com", algorithm=MD5, nonce="84a4cc6f3082121f32b42a2187831a9e", ' +
        'nc=00000001, cnonce="0a4f113b", qop=auth, response="b1ed353df222e80fbf8b1df87d80bc19"',
    );
  });

  it('sends neither nc nor cnonce nor qop without a qop in the challenge (RFC 3261 §22.4 item 8)', () => {
    const c = challenge('Digest realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e"');
    const answer = answerChallenge(c, { username: 'alice', password: 'secret' }, { method: 'REGISTER', uri: 'sip:atlanta.com' }, { qop: undefined, cnonce: '0a4f113b', nc: '00000001' });
    expect(String(answer.value)).toBe(
      'Digest username="alice", realm="atlanta.com", uri="sip:atlanta.com", algorithm=MD5, nonce="84a4cc6f3082121f32b42a2187831a9e", ' +
        'response="0534730df9b76ff85088704104e68f4d"',
    );
  });

  it('sends the hashed username and userhash=true when the challenge asks (RFC 7616 §3.4.4)', () => {
    const c = challenge(
      'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", ' +
        'opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true',
    );
    const answer = answerChallenge(
      c,
      { username: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?' },
      { method: 'GET', uri: '/doe.json' },
      { qop: 'auth', cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v', nc: '00000001' },
    );
    expect(String(answer.value)).toBe(
      'Digest username="793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b", realm="api@example.org", ' +
        'uri="/doe.json", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", nc=00000001, ' +
        'cnonce="NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", qop=auth, ' +
        'response="3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5", ' +
        'opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", userhash=true',
    );
  });

  it('escapes quotes and backslashes in quoted values', () => {
    const c = challenge('Digest realm="a \\"b\\"", nonce="n", qop="auth"');
    expect(c.realm).toBe('a "b"');
    const text = String(answerChallenge(c, { username: 'x\\y', password: 'p' }, GET, { qop: 'auth', cnonce: 'c', nc: '00000001' }).value);
    expect(text.startsWith('Digest username="x\\\\y", realm="a \\"b\\"", ')).toBe(true);
  });
});

describe('cnonce and nonce count', () => {
  it('formats nc as 8 lowercase hex digits', () => {
    expect(formatNonceCount(1)).toBe('00000001');
    expect(formatNonceCount(255)).toBe('000000ff');
    expect(formatNonceCount(0xffffffff)).toBe('ffffffff');
    expect(() => formatNonceCount(0)).toThrow(RangeError);
    expect(() => formatNonceCount(0x100000000)).toThrow(RangeError);
  });
  it('makes a 128-bit hex cnonce from the random source', () => {
    expect(makeCnonce((n) => new Uint8Array(n).fill(0xa5))).toBe('a5'.repeat(16));
    expect(makeCnonce((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)))).toMatch(/^[0-9a-f]{32}$/);
  });
});
