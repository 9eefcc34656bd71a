import { SipResponse, type SipRequest } from '../syntax/index.js';

/**
 * The 100 (Trying) an INVITE server transaction sends on its own (RFC 3261 §17.2.1), built as
 * §8.2.6 asks: Via, From, To, Call-ID and CSeq copied from the request (no To tag is needed,
 * §8.2.6.2), and any Timestamp copied with the time spent since the request arrived (§8.2.6.1).
 */
export function buildTryingResponse(request: SipRequest, delayMs: number): SipResponse {
  const response = new SipResponse(100, 'Trying');
  for (const via of request.rawHeaders('Via')) response.addHeader('Via', via);
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const value = request.rawHeader(name);
    if (value !== undefined) response.addHeader(name, value);
  }
  const timestamp = request.rawHeader('Timestamp');
  if (timestamp !== undefined) response.addHeader('Timestamp', withDelay(timestamp.trim(), delayMs));
  return response;
}

// RFC 3261 §20.38: Timestamp = 1*DIGIT ["." *DIGIT] [LWS delay]; a value that already carries a delay is kept.
function withDelay(timestamp: string, delayMs: number): string {
  if (/\s/.test(timestamp)) return timestamp;
  return `${timestamp} ${(delayMs / 1000).toFixed(3)}`;
}
