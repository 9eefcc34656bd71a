import { SipRequest } from '../../syntax/index.js';
import type { DigestAuthorization } from '../auth/index.js';
import { copyNextHop } from './request-destination.js';

const CREDENTIAL_HEADERS = new Set(['Authorization', 'Proxy-Authorization']);

/**
 * The request to send again after a challenge (RFC 3261 §22.2, §8.1.3.5): the same request with a new branch
 * (it is a new transaction), CSeq plus one, and the new credentials replacing any it carried. It goes to the
 * same next hop.
 */
export function createAuthenticatedRetry(request: SipRequest, credentials: readonly DigestAuthorization[], branch: string): SipRequest {
  const retry = new SipRequest(request.method, request.uri.clone(), { body: request.body });
  const addCredentials = (): void => {
    for (const header of credentials) retry.addHeader(header.name, header.value);
  };
  let credentialsAdded = false;
  for (const name of request.headerNames()) {
    if (CREDENTIAL_HEADERS.has(name) || name === 'Content-Length') continue;
    if (name === 'Content-Type') {
      addCredentials();
      credentialsAdded = true;
    }
    if (name === 'Via') {
      const [top, ...rest] = request.headers('Via');
      const via = top!.clone();
      via.branch = branch;
      retry.addHeader('Via', via);
      for (const value of rest) retry.addHeader('Via', value.clone());
    } else if (name === 'CSeq') {
      retry.addHeader('CSeq', `${request.cseq.seq + 1} ${request.method}`);
    } else {
      for (const value of request.rawHeaders(name)) retry.addHeader(name, value);
    }
  }
  if (!credentialsAdded) addCredentials();
  copyNextHop(request, retry);
  return retry;
}
