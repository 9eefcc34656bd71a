import { EMPTY_BYTES } from './framing/bytes.js';
import type { HeaderLine } from './header-line.js';
import { headerLookup } from './header-names.js';
import { SipMessage } from './sip-message.js';
import { hasLineBreak } from './values/index.js';

/** A SIP response (RFC 3261 §7.2). */
export class SipResponse extends SipMessage {
  status: number;
  reason: string;
  version: string;

  constructor(status: number, reason: string, options: { version?: string; lines?: HeaderLine[]; body?: Uint8Array } = {}) {
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`invalid SIP status code: ${status}`);
    if (hasLineBreak(reason)) throw new TypeError(`reason phrase must not contain CR or LF: ${JSON.stringify(reason)}`);
    super(options.lines ?? [], options.body ?? EMPTY_BYTES);
    this.status = status;
    this.reason = reason;
    this.version = options.version ?? 'SIP/2.0';
  }

  /** The headers a response copies from its request (RFC 3261 §8.2.6.2), Via in order. */
  static readonly COPIED_FROM_REQUEST: readonly string[] = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

  /** A response to `request`: its Via, From, To, Call-ID and CSeq lines copied as received (RFC 3261 §8.2.6.2). */
  static answering(request: SipMessage, status: number, reason: string): SipResponse {
    return new SipResponse(status, reason, { lines: SipMessage.copiedLines(request, COPIED_LOOKUPS) });
  }

  get startLine(): string {
    return `${this.version} ${this.status} ${this.reason}`;
  }
}

const COPIED_LOOKUPS = SipResponse.COPIED_FROM_REQUEST.map(headerLookup);
