import { describe, expect, it } from 'vitest';
import { computeDigestResponse, computeUserhash, digestAlgorithm, type DigestAlgorithmName, type DigestQop } from '../../../src/core/auth/index.js';

function algorithm(name: DigestAlgorithmName) {
  const found = digestAlgorithm(name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

// digest-notes.md §5.1 and §5.3: the RFC 7616 §3.9.1 inputs.
const MUFASA = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  method: 'GET',
  uri: '/dir/index.html',
};

const MUFASA_VECTORS: Array<[DigestAlgorithmName, DigestQop | undefined, string, string, string]> = [
  // RFC 7616 §3.9.1 (responses printed in the RFC)
  ['MD5', 'auth', '3d78807defe7de2157e2b0b6573a855f', '39aff3a2bab6126f332b942af96d3366', '8ca523f5e9506fed4657c9700eebdbec'],
  [
    'SHA-256',
    'auth',
    '7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232',
    '9a3fdae9a622fe8de177c24fa9c070f2b181ec85e15dcbdc32e10c82ad450b04',
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  ],
  // digest-notes.md §5.3 (computed, not from an RFC)
  ['MD5', 'auth-int', '3d78807defe7de2157e2b0b6573a855f', '76b926065592515b4fc702c0da67b40f', '8804a53d3640a40a4f73cea12c5ba451'],
  ['MD5', undefined, '3d78807defe7de2157e2b0b6573a855f', '39aff3a2bab6126f332b942af96d3366', '7b2cc3b30e75b4777ea31027084363fd'],
  ['MD5-sess', 'auth', '2b3d906f52651c3136e1502b3d6f38ee', '39aff3a2bab6126f332b942af96d3366', 'e783283f46242139c486a698fec7211d'],
  ['MD5-sess', 'auth-int', '2b3d906f52651c3136e1502b3d6f38ee', '76b926065592515b4fc702c0da67b40f', '200cda1c37eb927016d1f97f2c0f04f6'],
  [
    'SHA-256',
    'auth-int',
    '7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232',
    'e55d48abdc6cb0f1b9fea25a08d4508fc5117157c00a35877bd1b4c2e962ca9e',
    '8bdf6f15638e260831e905028de5450562816d093c9bfc5c13d3a46adcdde940',
  ],
  [
    'SHA-256-sess',
    'auth',
    'bca21f4c7d7e8bf70d96361085370c7d219947abc1b8cd628f710917b89bed5b',
    '9a3fdae9a622fe8de177c24fa9c070f2b181ec85e15dcbdc32e10c82ad450b04',
    '2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7',
  ],
  [
    'SHA-512-256',
    'auth',
    'fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce',
    'c2cc924c647b13c41e0fb8825bdaa97d0a1f2a7afb15e1e03c994229b20e1c92',
    '430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0',
  ],
  [
    'SHA-512-256',
    'auth-int',
    'fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce',
    'c74dd4926d3b5bf50bb221102b5411970fb2ea1640d3b087c13482939c636dfb',
    '38244c4d345d09bb0000b355be27d2a55003ee188df9821c54df70a63aa0c1ca',
  ],
];

describe('computeDigestResponse', () => {
  it.each(MUFASA_VECTORS)('%s qop=%s (Mufasa, empty body)', (name, qop, ha1, ha2, response) => {
    const input = { ...MUFASA, algorithm: algorithm(name), qop };
    if (qop === undefined) {
      // RFC 2069 form: no nc or cnonce take part.
      expect(computeDigestResponse({ ...input, nc: undefined, cnonce: undefined })).toEqual({ ha1, ha2, response });
    } else {
      expect(computeDigestResponse(input)).toEqual({ ha1, ha2, response });
    }
  });

  it('hashes an absent body and an empty body alike for auth-int (RFC 3261 §22.4 item 7)', () => {
    const base = { ...MUFASA, algorithm: algorithm('MD5'), qop: 'auth-int' as const };
    expect(computeDigestResponse({ ...base, body: new Uint8Array(0) })).toEqual(computeDigestResponse(base));
  });

  it('covers the body bytes for auth-int and not for auth', () => {
    const base = { ...MUFASA, algorithm: algorithm('SHA-256') };
    const body = new TextEncoder().encode('v=0\r\n');
    expect(computeDigestResponse({ ...base, qop: 'auth-int', body }).ha2).toBe(
      algorithm('SHA-256').hash(`GET:/dir/index.html:${algorithm('SHA-256').hash(body)}`),
    );
    expect(computeDigestResponse({ ...base, qop: 'auth', body })).toEqual(computeDigestResponse({ ...base, qop: 'auth' }));
  });

  it('matches the RFC 2617 §3.5 example', () => {
    expect(
      computeDigestResponse({
        algorithm: algorithm('MD5'),
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        method: 'GET',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }).response,
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  describe('SIP-flavoured vectors (digest-notes.md §5.3)', () => {
    const sip = {
      username: 'alice',
      password: 'secret',
      realm: 'atlanta.com',
      nonce: '84a4cc6f3082121f32b42a2187831a9e',
      cnonce: '0a4f113b',
      nc: '00000001',
      method: 'REGISTER',
      uri: 'sip:atlanta.com',
    };
    it('MD5 with qop=auth and without qop', () => {
      expect(computeDigestResponse({ ...sip, algorithm: algorithm('MD5'), qop: 'auth' })).toEqual({
        ha1: '4c00389f118405a62dc666c595d7e0d8',
        ha2: '4ac1fb76ae759b3f313cd790d17a857d',
        response: 'b1ed353df222e80fbf8b1df87d80bc19',
      });
      expect(computeDigestResponse({ ...sip, algorithm: algorithm('MD5'), nc: undefined, cnonce: undefined }).response).toBe(
        '0534730df9b76ff85088704104e68f4d',
      );
    });
    it('SHA-256 with qop=auth', () => {
      expect(computeDigestResponse({ ...sip, algorithm: algorithm('SHA-256'), qop: 'auth' })).toEqual({
        ha1: 'a389bbc55b6a1287514f11b798e088a13d5d248f861791e6af89a51164feac0d',
        ha2: '27825dd8dfc6ef52cc1662fd146b5d4bc0785658eb15a7f4b75d2d472ad8a459',
        response: '2c21dc5d2a23e809b5ff9fef780da1d7e7ae665053e718894b28acc5e55494d1',
      });
    });
  });

  describe('RFC 7616 §3.9.2 inputs with true SHA-512/256 (digest-notes.md §5.2, recomputed values)', () => {
    const input = {
      algorithm: algorithm('SHA-512-256'),
      username: 'J\u00e4s\u00f8n Doe',
      password: 'Secret, or not?',
      realm: 'api@example.org',
      nonce: '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK',
      cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
      nc: '00000001',
      qop: 'auth' as const,
      method: 'GET',
      uri: '/doe.json',
    };
    it('response and intermediate hashes', () => {
      expect(computeDigestResponse(input)).toEqual({
        ha1: '2d3d9f12c9f3d30011259dc5fecee005ae24de40e3e1f61806d03e65f1e6024f',
        ha2: '1734b070bafdeb53ae52f93659427bb4bc545e2ef4d5e74ba247dad4861b4634',
        response: '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5',
      });
    });
    it('userhash (not the RFC-printed value, which came from truncated SHA-512)', () => {
      expect(computeUserhash(input.algorithm, input.username, input.realm)).toBe(
        '793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b',
      );
      expect(computeUserhash(input.algorithm, input.username, input.realm)).not.toBe(
        '488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec',
      );
    });
  });

  it('hashes the empty string as the notes list (H("") per algorithm)', () => {
    expect(algorithm('MD5').hash('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(algorithm('SHA-256').hash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(algorithm('SHA-512-256').hash('')).toBe('c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a');
  });

  it('refuses qop without nc/cnonce and -sess without cnonce', () => {
    const base = { ...MUFASA, algorithm: algorithm('MD5') };
    expect(() => computeDigestResponse({ ...base, qop: 'auth', cnonce: undefined })).toThrow(TypeError);
    expect(() => computeDigestResponse({ ...base, qop: 'auth', nc: undefined })).toThrow(TypeError);
    expect(() => computeDigestResponse({ ...base, algorithm: algorithm('MD5-sess'), cnonce: undefined })).toThrow(TypeError);
  });
});

describe('digestAlgorithm', () => {
  it('knows the six RFC 8760 names, case-insensitively, and MD5 when absent', () => {
    expect(digestAlgorithm(undefined)?.name).toBe('MD5');
    expect(digestAlgorithm('md5-SESS')).toMatchObject({ name: 'MD5-sess', session: true });
    expect(digestAlgorithm('sha-256')).toMatchObject({ name: 'SHA-256', session: false });
    expect(digestAlgorithm('Sha-256-Sess')?.name).toBe('SHA-256-sess');
    expect(digestAlgorithm('SHA-512-256')?.name).toBe('SHA-512-256');
    expect(digestAlgorithm('sha-512-256-sess')?.name).toBe('SHA-512-256-sess');
  });
  it('does not know other algorithms', () => {
    for (const token of ['SHA-1', 'SHA-512', 'AKAv1-MD5', 'SHA256', '']) expect(digestAlgorithm(token)).toBeUndefined();
  });
  it('ranks SHA-512-256 > SHA-256 > MD5, -sess as its base', () => {
    const s = (n: DigestAlgorithmName) => algorithm(n).strength;
    expect(s('SHA-512-256')).toBeGreaterThan(s('SHA-256'));
    expect(s('SHA-256')).toBeGreaterThan(s('MD5'));
    expect(s('SHA-256-sess')).toBe(s('SHA-256'));
    expect(s('MD5-sess')).toBe(s('MD5'));
  });
});
