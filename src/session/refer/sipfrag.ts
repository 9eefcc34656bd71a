import { hasLineBreak } from '../../syntax/index.js';

/** RFC 3515 §2.4.5: the NOTIFYs of a REFER carry a `message/sipfrag` (RFC 3420) of the referred request's status line. */
export const SIPFRAG_CONTENT_TYPE = 'message/sipfrag;version=2.0';

/** The status line a sipfrag NOTIFY reports. */
export interface SipfragStatus {
  status: number;
  reason: string;
}

// RFC 3261 §25.1 Status-Line (SIP-Version SP Status-Code SP Reason-Phrase), the first line of the fragment.
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ?([^\r\n]*)/i;

/** The body of a NOTIFY reporting `status` (RFC 3515 §2.4.5: at least the status line). */
export function sipfragBody(status: number, reason: string): string {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`a sipfrag status must be 100–699: ${status}`);
  if (hasLineBreak(reason)) throw new TypeError(`a reason phrase cannot contain CR or LF: ${JSON.stringify(reason)}`);
  return `SIP/2.0 ${status} ${reason}\r\n`;
}

/** The status line at the start of a sipfrag body; undefined when the fragment does not start with one. */
export function readSipfragStatus(body: string): SipfragStatus | undefined {
  const match = STATUS_LINE.exec(body.trimStart());
  if (match === null) return undefined;
  return { status: Number(match[1]), reason: match[2]!.trim() };
}
