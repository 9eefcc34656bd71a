import type { SipParseError } from './sip-parse-error.js';

/**
 * A value of an informational header (User-Agent, Server, Warning, Date …: the entries marked
 * `tolerant` in grammar/headers.ts) that does not match the header's grammar. Such a value
 * never makes a message unusable: it is kept as written, `conforms` tells it apart from the
 * typed class of the header, and `error` says where the grammar stopped.
 */
export class NonConformingHeader {
  readonly conforms = false as const;
  /** The header's canonical name. */
  readonly name: string;
  /** The value exactly as received (folding undone); `toString()` returns it unchanged. */
  readonly text: string;
  /** Why the strict grammar refused the value. */
  readonly error: SipParseError;

  constructor(name: string, text: string, error: SipParseError) {
    this.name = name;
    this.text = text;
    this.error = error;
  }

  clone(): NonConformingHeader {
    return new NonConformingHeader(this.name, this.text, this.error);
  }

  toString(): string {
    return this.text;
  }
}
