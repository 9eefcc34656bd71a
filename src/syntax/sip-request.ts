import type { CSeqHeader } from '../../generated/index.js';
import { EMPTY_BYTES } from './framing/bytes.js';
import type { HeaderLine } from './header-line.js';
import { SipMessage } from './sip-message.js';
import { isToken, SipParseError, type URI } from './values/index.js';

/** A SIP request (RFC 3261 §7.1). */
export class SipRequest extends SipMessage {
  method: string;
  uri: URI;
  version: string;

  constructor(method: string, uri: URI, options: { version?: string; lines?: HeaderLine[]; body?: Uint8Array } = {}) {
    if (!isToken(method)) throw new TypeError(`invalid SIP method: ${JSON.stringify(method)}`);
    super(options.lines ?? [], options.body ?? EMPTY_BYTES);
    this.method = method;
    this.uri = uri;
    this.version = options.version ?? 'SIP/2.0';
  }

  /** CSeq, whose method must be the request's (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17 asks for a 400 otherwise). */
  override get cseq(): CSeqHeader {
    const cseq = super.cseq;
    if (cseq.method !== this.method) {
      throw new SipParseError(`CSeq method ${cseq.method} does not match the request method ${this.method}`, {
        offset: 0,
        rule: 'CSeq',
        header: 'CSeq',
      });
    }
    return cseq;
  }

  get startLine(): string {
    return `${this.method} ${this.uri} ${this.version}`;
  }
}
