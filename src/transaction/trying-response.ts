import { SipParseError, SipResponse, TimestampHeader, type SipRequest } from '../syntax/index.js';

/**
 * The 100 (Trying) an INVITE server transaction sends on its own (RFC 3261 §17.2.1), built as
 * §8.2.6 asks: Via, From, To, Call-ID and CSeq copied from the request (no To tag is needed,
 * §8.2.6.2), and any Timestamp copied with the time spent since the request arrived (§8.2.6.1).
 */
export function buildTryingResponse(request: SipRequest, delayMs: number): SipResponse {
  const response = SipResponse.answering(request, 100, 'Trying');
  let timestamp: TimestampHeader | undefined;
  try {
    timestamp = request.header('Timestamp')?.clone();
  } catch (error) {
    // A malformed Timestamp is not echoed; the 100 is still owed.
    if (!(error instanceof SipParseError)) throw error;
  }
  if (timestamp !== undefined) {
    // RFC 3261 §20.38: the delay is the time spent before answering; one already present is kept.
    if (timestamp.delay === undefined) timestamp.delay = (delayMs / 1000).toFixed(3);
    response.addHeader('Timestamp', timestamp);
  }
  return response;
}
