import { EMPTY_BYTES } from './framing/bytes.js';
import type { HeaderLine } from './header-line.js';
import { SipMessage } from './sip-message.js';
import { isToken, type URI } from './values/index.js';

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

  get startLine(): string {
    return `${this.method} ${this.uri} ${this.version}`;
  }
}
