import type { SipRequest, SipResponse, ViaHeader } from '../syntax/index.js';

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
  if (!viaEquals(original.via, request.via)) return false;
  if (request.method === 'ACK') return sent !== undefined && sent.to.tag === request.to.tag;
  if (request.method !== 'CANCEL' && original.cseq.method !== request.cseq.method) return false;
  return original.to.tag === request.to.tag;
}

// Parameters a receiving element adds to the Via (RFC 3261 §18.2.1, RFC 3581) play no part in the comparison.
const HOP_PARAMETERS = new Set(['received', 'rport']);

/** Via equality (RFC 3261 §7.3.1, §20.42): case-insensitive protocol, host and parameters; ports equal. */
function viaEquals(a: ViaHeader, b: ViaHeader): boolean {
  if (a.protocolName.toUpperCase() !== b.protocolName.toUpperCase()) return false;
  if (a.protocolVersion !== b.protocolVersion) return false;
  if (a.transport.toUpperCase() !== b.transport.toUpperCase()) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;
  return paramsOf(a) === paramsOf(b);
}

function paramsOf(via: ViaHeader): string {
  return [...via.params]
    .filter((p) => !HOP_PARAMETERS.has(p.name.toLowerCase()))
    .map((p) => `${p.name.toLowerCase()}=${p.value === null ? '' : p.value.toLowerCase()}`)
    .sort()
    .join(';');
}
