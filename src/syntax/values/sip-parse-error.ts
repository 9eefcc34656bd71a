/**
 * The one error type the parser throws. `offset` points into `input` (the text that was
 * being parsed: a whole message, or one header value when `header` is set), `rule` names
 * the grammar rule or framing step that failed.
 */
export class SipParseError extends Error {
  readonly offset: number;
  readonly rule: string;
  readonly header: string | undefined;
  /**
   * The start line and raw header lines of the message that failed, when its header block
   * could be split: enough for a UAS to answer 400 or 505 by copying Via, From, To, Call-ID
   * and CSeq (RFC 3261 §8.2.6.2), although the message itself could not be built.
   */
  head: RawMessageHead | undefined;

  constructor(message: string, options: { offset: number; rule: string; header?: string; cause?: unknown; head?: RawMessageHead }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SipParseError';
    this.offset = options.offset;
    this.rule = options.rule;
    this.header = options.header;
    this.head = options.head;
  }
}

/** A header block split into lines but not parsed. */
export interface RawMessageHead {
  startLine: string;
  headers: Array<{ name: string; value: string }>;
}

/** A short, printable view of `text` around `offset`, for error messages. */
export function excerpt(text: string, offset: number): string {
  const start = Math.max(0, offset - 20);
  const shown = text.slice(start, offset + 20).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return (start > 0 ? '…' : '') + shown + (offset + 20 < text.length ? '…' : '');
}
