import { detachedKey, type SipRequest, type ViaHeader } from '../syntax/index.js';

/** RFC 3261 §8.1.1.7: branches of RFC 3261 clients start with this cookie. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** Whether a branch comes from an RFC 3261 client, so §17.2.3's branch matching applies. */
export function hasMagicCookie(branch: string | undefined): branch is string {
  return branch !== undefined && branch.startsWith(MAGIC_COOKIE);
}

/**
 * The key of a client transaction (RFC 3261 §17.1.3): top Via branch and CSeq method. The
 * method is part of it because a CANCEL shares the branch of its INVITE.
 */
export function clientTransactionKey(branch: string, method: string): string {
  return detachedKey('\n', branch, method);
}

/**
 * The key of a server transaction for a request whose branch carries the magic cookie
 * (RFC 3261 §17.2.3): branch, top Via sent-by, and method, with ACK filed under INVITE.
 */
export function serverTransactionKey(via: ViaHeader, method: string): string {
  const branch = via.branch ?? '';
  const port = via.port === undefined ? '' : `:${via.port}`;
  return detachedKey('\n', branch, via.host.toLowerCase() + port, method === 'ACK' ? 'INVITE' : method);
}

/** The server key of the INVITE a CANCEL targets (RFC 3261 §9.2: match as if the method were INVITE). */
export function cancelTargetKey(cancel: SipRequest): string {
  return serverTransactionKey(cancel.via, 'INVITE');
}
