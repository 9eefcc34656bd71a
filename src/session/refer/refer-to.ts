import type { Dialog } from '../../core/index.js';
import { Parameters, quoteString, type URI } from '../../syntax/index.js';

/**
 * The Refer-To of a blind transfer (RFC 3515 §2.1, RFC 5589 §6): the target as a name-addr. A URI that
 * already carries headers keeps them (the recipient copies them into its request, RFC 3261 §19.1.5).
 */
export function blindReferTo(target: URI, displayName?: string): string {
  return nameAddr(target, displayName);
}

/**
 * The Refer-To of an attended transfer (RFC 5589 §7, RFC 3891 §3): the other call's peer with a `Replaces`
 * URI header naming that dialog as the peer sees it — its Call-ID, the peer's tag as `to-tag` and ours as
 * `from-tag`. The value is escaped as an RFC 3261 §25.1 hvalue (`;` `=` `@` … become %XX).
 * The peer's address of record is used unless `useContact`: through a proxy it routes, where a WebSocket
 * client's Contact often does not (RFC 5589 §7.1 allows either).
 */
export function replacingReferTo(other: Dialog, options: { useContact?: boolean } = {}): string {
  const { callId, localTag, remoteTag } = other.id;
  if (remoteTag === undefined) throw new Error('the other call has no remote tag yet: it cannot be replaced');
  const target = (options.useContact === true ? other.remoteTarget : other.remoteAddress.uri).clone();
  const replaces = `${callId};to-tag=${remoteTag};from-tag=${localTag}`;
  target.headers = new Parameters([{ name: 'Replaces', value: encodeURIComponent(replaces), quoted: false }]);
  return nameAddr(target, other.remoteAddress.displayName);
}

function nameAddr(uri: URI, displayName: string | undefined): string {
  return displayName === undefined || displayName === '' ? `<${uri}>` : `${quoteString(displayName)} <${uri}>`;
}
