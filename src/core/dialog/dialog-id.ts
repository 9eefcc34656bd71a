import { detachedKey, type SipRequest, type SipResponse } from '../../syntax/index.js';

/**
 * A dialog identifier (RFC 3261 §12): Call-ID and the two tags, seen from this UA. A tag is
 * undefined for an RFC 2543 peer that sent none (§12.1.1, §12.1.2: "considered null").
 */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string | undefined;
}

/**
 * A string naming a dialog, for maps. Call-IDs compare byte by byte (RFC 3261 §8.1.1.4); tags
 * are tokens, which compare case-insensitively (§7.3.1). A space occurs in none of them.
 */
export function dialogKey(id: DialogId): string {
  return detachedKey(' ', id.callId, id.localTag.toLowerCase(), id.remoteTag?.toLowerCase() ?? '');
}

/** Tag equality of RFC 3261 §7.3.1 (tokens are case-insensitive); two missing tags are equal. */
export function tagsEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The dialog a request received by this UA belongs to (RFC 3261 §12.2.2): local tag from To,
 * remote tag from From. Undefined for a request without a To tag, which is outside any dialog.
 */
export function dialogIdOfIncomingRequest(request: SipRequest): DialogId | undefined {
  const localTag = request.to.tag;
  if (localTag === undefined) return undefined;
  return { callId: request.callId, localTag, remoteTag: request.from.tag };
}

/**
 * The dialog a response to a request this UA sent belongs to (RFC 3261 §12.1.2): local tag
 * from From, remote tag from To. Undefined when the From tag is missing (not one of ours).
 */
export function dialogIdOfResponse(response: SipResponse): DialogId | undefined {
  const localTag = response.from.tag;
  if (localTag === undefined) return undefined;
  return { callId: response.callId, localTag, remoteTag: response.to.tag };
}
