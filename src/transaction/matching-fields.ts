import { SipParseError, type SipRequest, type SipResponse } from '../syntax/index.js';
import { hasMagicCookie } from './transaction-key.js';

/**
 * Read what the transaction layer matches a request on, before any matching (RFC 3261
 * §17.2.3): the top Via (sent-by and branch) and CSeq; for an RFC 2543 request, whose branch
 * lacks the magic cookie, also the Call-ID, From and To that the fallback rules compare.
 * Returns what made a read fail, or undefined when every field is readable. A request that
 * fails here never reaches a transaction: the core answers it statelessly, or drops it.
 */
export function unreadableRequestKeys(request: SipRequest): SipParseError | undefined {
  return firstParseError(() => {
    const via = request.via;
    void request.cseq;
    if (hasMagicCookie(via.branch)) return;
    void request.callId;
    void request.from;
    void request.to;
  });
}

/** Read what the transaction layer matches a response on (RFC 3261 §17.1.3): the top Via's branch and CSeq. */
export function unreadableResponseKeys(response: SipResponse): SipParseError | undefined {
  return firstParseError(() => {
    void response.via;
    void response.cseq;
  });
}

/**
 * Why a response that matched a client transaction by branch and CSeq method (§17.1.3) is no
 * answer to its request after all, or undefined when it is. A UAS copies Call-ID, From (tag
 * included) and the CSeq number from the request (§8.2.6.2); a response that changed them was
 * built for another request, or forged, and the transaction user must never see it: the
 * dialog it would create (§12.1.2) would carry identifiers no peer knows.
 */
export function notAnAnswerTo(request: SipRequest, response: SipResponse): string | undefined {
  let reason: string | undefined;
  const error = firstParseError(() => {
    if (response.callId !== request.callId) reason = `Call-ID ${response.callId} is not the request's ${request.callId}`;
    // Tags are tokens, compared case-insensitively (RFC 3261 §7.3.1).
    else if (response.from.tag?.toLowerCase() !== request.from.tag?.toLowerCase()) reason = `From tag ${response.from.tag ?? '(none)'} is not the request's ${request.from.tag ?? '(none)'}`;
    else if (response.cseq.seq !== request.cseq.seq) reason = `CSeq ${response.cseq.seq} is not the request's ${request.cseq.seq}`;
  });
  return error === undefined ? reason : error.message;
}

function firstParseError(read: () => void): SipParseError | undefined {
  try {
    read();
    return undefined;
  } catch (error) {
    if (error instanceof SipParseError) return error;
    throw error;
  }
}
