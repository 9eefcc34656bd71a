import { AuthorizationHeader, Parameters, ProxyAuthorizationHeader } from '../../syntax/index.js';
import type { DigestChallenge } from './digest-challenge.js';
import { computeDigestResponse, computeUserhash, type DigestQop } from './digest-response.js';

/** A user's secret for one realm, or for any realm when `realm` is absent. */
export interface DigestCredentials {
  username: string;
  password: string;
  realm?: string;
}

/** What the answer covers: the method, the Request-URI as it will be sent, and the body (for auth-int). */
export interface DigestRequest {
  method: string;
  uri: string;
  body?: Uint8Array;
}

/** One header to add to the retried request. */
export type DigestAuthorization =
  | { name: 'Authorization'; value: AuthorizationHeader }
  | { name: 'Proxy-Authorization'; value: ProxyAuthorizationHeader };

export interface AnswerOptions {
  qop: DigestQop | undefined;
  /** Required with a qop; ignored without one (RFC 3261 §22.4 item 8: no cnonce without qop). */
  cnonce?: string;
  /** The formatted nonce count; required with a qop. */
  nc?: string;
}

/**
 * The Authorization (or Proxy-Authorization) value answering `challenge` for `request`. Parameter order
 * follows the RFC 7616 §3.9.1 example; quoting follows RFC 7616 §3.4 and RFC 3261 §22.4 item 2
 * (quoted: username, realm, uri, nonce, cnonce, response, opaque; tokens: algorithm, nc, qop, userhash).
 */
export function answerChallenge(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  request: DigestRequest,
  options: AnswerOptions,
): DigestAuthorization {
  const { qop } = options;
  const cnonce = qop === undefined ? undefined : options.cnonce;
  const nc = qop === undefined ? undefined : options.nc;
  const { response } = computeDigestResponse({
    algorithm: challenge.algorithm,
    username: credentials.username,
    password: credentials.password,
    realm: challenge.realm,
    nonce: challenge.nonce,
    method: request.method,
    uri: request.uri,
    qop,
    nc,
    cnonce,
    body: request.body,
  });
  const username = challenge.userhash
    ? computeUserhash(challenge.algorithm, credentials.username, challenge.realm)
    : credentials.username;
  const params = new Parameters()
    .set('username', username, true)
    .set('realm', challenge.realm, true)
    .set('uri', request.uri, true)
    .set('algorithm', challenge.algorithm.name)
    .set('nonce', challenge.nonce, true);
  if (qop !== undefined) {
    params.set('nc', nc ?? null).set('cnonce', cnonce ?? null, true).set('qop', qop);
  }
  params.set('response', response, true);
  if (challenge.opaque !== undefined) params.set('opaque', challenge.opaque, true);
  if (challenge.userhash) params.set('userhash', 'true');
  const fields = { scheme: 'Digest', params };
  return challenge.answerHeader === 'Proxy-Authorization'
    ? { name: 'Proxy-Authorization', value: new ProxyAuthorizationHeader(fields) }
    : { name: 'Authorization', value: new AuthorizationHeader(fields) };
}
