import type { HeaderKind } from '../grammar/header-spec.js';

/**
 * The body of `toString()` for each header kind: a TypeScript expression over `this`.
 * Name-addr values always serialise with angle brackets, which RFC 3261 §20.10 requires
 * whenever the URI has parameters or headers and allows everywhere else.
 */
export const kindSerialisers: Record<HeaderKind, string> = {
  via: "`${this.protocolName}/${this.protocolVersion}/${this.transport} ${this.host}${this.port === undefined ? '' : ':' + this.port}${this.params}`",
  nameAddr: '`${formatNameAddr(this.displayName, this.uri)}${this.params}`',
  contact: "this.star ? '*' : `${formatNameAddr(this.displayName, this.uri!)}${this.params}`",
  token: 'this.value',
  tokenParams: '`${this.value}${this.params}`',
  mediaType: '`${this.type}/${this.subtype}${this.params}`',
  number: 'String(this.value)',
  numberParams: '`${this.value}${this.params}`',
  cseq: '`${this.seq} ${this.method}`',
  rack: '`${this.rseq} ${this.seq} ${this.method}`',
  text: 'this.value',
  auth: "`${this.scheme}${this.params.format(', ', ' ')}`",
  authInfo: "this.params.format(', ', '')",
  date: 'this.value',
  warning: '`${this.code} ${this.agent} ${quoteString(this.text)}`',
  retryAfter: "`${this.value}${this.comment === undefined ? '' : ` (${this.comment})`}${this.params}`",
  timestamp: "this.delay === undefined ? this.value : `${this.value} ${this.delay}`",
};

/** Value imports each serialiser needs from the syntax value classes. */
export const kindImports: Partial<Record<HeaderKind, string[]>> = {
  nameAddr: ['formatNameAddr'],
  contact: ['formatNameAddr'],
  warning: ['quoteString'],
};
