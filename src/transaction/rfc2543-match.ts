import type { SipRequest, SipResponse, URI, ViaHeader } from '../syntax/index.js';

/**
 * Matching of requests from RFC 2543 clients, whose branch lacks the magic cookie
 * (RFC 3261 §17.2.3). `original` is the request that created the server transaction.
 *
 * - ACK: Request-URI, From tag, Call-ID, CSeq number and top Via equal to the INVITE's, and
 *   the To tag equal to the To tag of the response the transaction sent (`sent`).
 * - CANCEL looking for its INVITE (§9.2): as for a retransmitted INVITE, but the CSeq method
 *   of the original is INVITE.
 * - Anything else: Request-URI, To tag, From tag, Call-ID, CSeq (number and method), top Via.
 */
export function matchesRfc2543(original: SipRequest, request: SipRequest, sent: SipResponse | undefined, targetMethod: string): boolean {
  if (original.method !== targetMethod) return false;
  if (!original.uri.equals(request.uri)) return false;
  if (original.from.tag !== request.from.tag) return false;
  if (original.callId !== request.callId) return false;
  if (original.cseq.seq !== request.cseq.seq) return false;
  if (viaIdentity(original.via) !== viaIdentity(request.via)) return false;
  if (request.method === 'ACK') return sent !== undefined && sent.to.tag === request.to.tag;
  if (request.method !== 'CANCEL' && original.cseq.method !== request.cseq.method) return false;
  return original.to.tag === request.to.tag;
}

/**
 * The index key of RFC 2543 matching: what every one of the three rules above compares —
 * the transaction's method, Call-ID, From tag, CSeq number, top Via and Request-URI — in a form
 * at most as fine as the comparison (two requests that match have equal keys). Filed under it,
 * a transaction is found without scanning the others that share its Call-ID; only those with
 * the same key are compared in full. `method` is the transaction's (INVITE for an ACK or a CANCEL).
 */
export function rfc2543Key(method: string, request: SipRequest): string {
  return [method, request.callId, request.from.tag?.toLowerCase() ?? '', request.cseq.seq, viaIdentity(request.via), uriKey(request.uri)].join('\n');
}

// Parameters a receiving element adds to the Via (RFC 3261 §18.2.1, RFC 3581) play no part in the comparison.
const HOP_PARAMETERS = new Set(['received', 'rport']);

/**
 * Via equality (RFC 3261 §7.3.1, §20.42) as a string: case-insensitive protocol, transport,
 * host and parameters; ports equal. Two Via values are equal when their identities are.
 */
export function viaIdentity(via: ViaHeader): string {
  const params = [...via.params]
    .filter((p) => !HOP_PARAMETERS.has(p.name.toLowerCase()))
    .map((p) => `${p.name.toLowerCase()}=${p.value === null ? '' : p.value.toLowerCase()}`)
    .sort()
    .join(';');
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  return `${via.protocolName.toUpperCase()}/${via.protocolVersion}/${via.transport.toUpperCase()} ${sentBy};${params}`;
}

function unescape(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** What RFC 3261 §19.1.4 URI equality always compares: scheme, user, host and port (parameters need the full comparison). */
function uriKey(uri: URI): string {
  const scheme = uri.scheme.toLowerCase();
  if (!uri.isSip) return `${scheme}:${uri.toString().slice(uri.scheme.length + 1)}`;
  return `${scheme}:${unescape(uri.user ?? '')}@${unescape(uri.host).toLowerCase()}:${uri.port ?? ''}`;
}
