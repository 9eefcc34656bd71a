import type {
  CallIdHeader,
  ContactHeader,
  ContentLengthHeader,
  ContentTypeHeader,
  CSeqHeader,
  FromHeader,
  HeaderTypes,
  MaxForwardsHeader,
  ToHeader,
  ViaHeader,
} from '../../generated/index.js';
import { decodeUtf8, encodeUtf8 } from './framing/bytes.js';
import { HeaderLine, type AnyHeaderValue } from './header-line.js';
import { canonicalHeaderName, headerKey, headerLookup, type HeaderLookup } from './header-names.js';
import { hasLineBreak, isToken, SipParseError } from './values/index.js';

/** The typed class for a header name: known names map to their generated class. */
export type HeaderFor<N extends string> = N extends keyof HeaderTypes ? HeaderTypes[N] : AnyHeaderValue;

/** A value given when setting a header: raw wire text, or typed values. */
export type HeaderInput = string | AnyHeaderValue | AnyHeaderValue[];

const CRLF = '\r\n';
const NO_LINES: readonly HeaderLine[] = [];
// From this many header lines on, lookups go through an index by key instead of a scan.
const INDEX_FROM = 24;

function missing(name: string): SipParseError {
  return new SipParseError(`missing mandatory ${name} header`, { offset: 0, rule: name, header: name });
}

function duplicated(name: string): SipParseError {
  return new SipParseError(`more than one ${name} value where RFC 3261 allows one`, { offset: 0, rule: name, header: name });
}

function assertSafeText(what: string, text: string): void {
  if (hasLineBreak(text)) throw new TypeError(`${what} must not contain CR or LF: ${JSON.stringify(text)}`);
}

function assertWritable(what: string, value: string): void {
  if (!SipMessage.isWritableValue(value)) throw new TypeError(`${what} must not contain CR or LF: ${JSON.stringify(value)}`);
}

/**
 * A SIP request or response (RFC 3261 §7). Header lines keep their raw text and are parsed
 * into typed values on first access; the body is bytes (Content-Length counts octets).
 */
export abstract class SipMessage {
  protected lines: HeaderLine[];
  /**
   * The lines of each header by lookup key, built on the first lookup in a long message:
   * reading every header then costs one pass over its lines, however many repeat a name.
   * Kept in step by setHeader, addHeader and removeHeader.
   */
  private index: Map<string, HeaderLine[]> | undefined;
  private bodyBytes: Uint8Array;
  private bodyTextCache: string | undefined;
  /**
   * The one view of this message that an upper layer hands out (the legacy API's request or response), made
   * at its first use and kept with the message. Not in a WeakMap keyed by the message: V8's young-generation
   * collector keeps the values of an old table alive, and through them their keys, until the next full
   * collection, so every message given a view outlived its call by seconds (bench/LOAD-RESULTS.md, calls per second).
   */
  view: object | undefined = undefined;

  protected constructor(lines: HeaderLine[], body: Uint8Array) {
    this.lines = lines;
    this.bodyBytes = body;
  }

  abstract get startLine(): string;

  /**
   * The lines of the header `lookup` names, in order. A short message is scanned (comparing
   * names is cheaper than building the index); a long one is indexed once, so reading any
   * number of headers of a message with many lines stays linear in its lines.
   */
  private linesFor(lookup: HeaderLookup): readonly HeaderLine[] {
    const lines = this.lines;
    if (lines.length >= INDEX_FROM) return this.indexed(lookup.key);
    let found: HeaderLine[] | undefined;
    for (const line of lines) {
      if (!line.matches(lookup)) continue;
      if (found === undefined) found = [line];
      else found.push(line);
    }
    return found ?? NO_LINES;
  }

  private indexed(key: string): readonly HeaderLine[] {
    let index = this.index;
    if (index === undefined) {
      index = new Map();
      for (const line of this.lines) {
        const same = index.get(line.key);
        if (same === undefined) index.set(line.key, [line]);
        else same.push(line);
      }
      this.index = index;
    }
    return index.get(key) ?? NO_LINES;
  }

  /**
   * The first value of a header, typed by its name, or undefined when absent. Throws SipParseError when malformed,
   * except for an informational header, whose value outside the grammar is a NonConformingHeader.
   */
  header<N extends string>(name: N): HeaderFor<N> | undefined {
    const lookup = headerLookup(name);
    if (this.lines.length >= INDEX_FROM) return this.indexed(lookup.key)[0]?.values()[0] as HeaderFor<N> | undefined;
    for (const line of this.lines) {
      if (line.matches(lookup)) return line.values()[0] as HeaderFor<N> | undefined;
    }
    return undefined;
  }

  /** Every value of a header, across repeated lines and comma-separated lists, in order. */
  headers<N extends string>(name: N): HeaderFor<N>[] {
    const out: AnyHeaderValue[] = [];
    for (const line of this.linesFor(headerLookup(name))) {
      for (const value of line.values()) out.push(value);
    }
    return out as HeaderFor<N>[];
  }

  /** The raw text of the first line of a header (unfolded), or undefined. */
  rawHeader(name: string): string | undefined {
    return this.linesFor(headerLookup(name))[0]?.value;
  }

  /**
   * New lines with the raw values of `from`'s lines of each header `lookups` names, in that order.
   * A parsed message's values are writable as they are (splitHead refuses a bare CR), so unlike
   * addHeader nothing is checked again: a UAS copies five headers into every response.
   */
  protected static copiedLines(from: SipMessage, lookups: readonly HeaderLookup[]): HeaderLine[] {
    const copied: HeaderLine[] = [];
    for (const lookup of lookups) {
      for (const line of from.linesFor(lookup)) copied.push(new HeaderLine(lookup.canonical, lookup.key, line.value));
    }
    return copied;
  }

  /** The raw text of every line of a header. */
  rawHeaders(name: string): string[] {
    return this.linesFor(headerLookup(name)).map((l) => l.value);
  }

  hasHeader(name: string): boolean {
    return this.linesFor(headerLookup(name)).length > 0;
  }

  /** Canonical names of the headers present, in order of first appearance. */
  headerNames(): string[] {
    const seen = new Set<string>();
    const names: string[] = [];
    for (const line of this.lines) {
      if (seen.has(line.key)) continue;
      seen.add(line.key);
      names.push(canonicalHeaderName(line.name));
    }
    return names;
  }

  /** Parse every header now; throws the first SipParseError (informational headers never throw). */
  parseHeaders(): void {
    for (const line of this.lines) line.values();
  }

  /** Replace every line of a header with one line holding `value`. */
  setHeader(name: string, value: HeaderInput): this {
    const key = headerKey(name);
    const line = this.makeLine(name, key, value);
    // In place, in one pass (every response sets a few headers): the new line takes the place of
    // the first one of its name, and the others go.
    const lines = this.lines;
    let replaced = false;
    let kept = 0;
    for (const old of lines) {
      if (old.key !== key) lines[kept++] = old;
      else if (!replaced) {
        lines[kept++] = line;
        replaced = true;
      }
    }
    lines.length = kept;
    if (!replaced) lines.push(line);
    this.index?.set(key, [line]);
    return this;
  }

  /** Add a header line after the existing ones (or first, with `prepend`, as a proxy adds a Via). */
  addHeader(name: string, value: HeaderInput, options: { prepend?: boolean } = {}): this {
    const key = headerKey(name);
    const line = this.makeLine(name, key, value);
    const same = this.index?.get(key);
    if (options.prepend) {
      this.lines.unshift(line);
      same?.unshift(line);
    } else {
      this.lines.push(line);
      same?.push(line);
    }
    if (same === undefined) this.index?.set(key, [line]);
    return this;
  }

  removeHeader(name: string): this {
    const key = headerKey(name);
    this.lines = this.lines.filter((l) => l.key !== key);
    this.index?.delete(key);
    return this;
  }

  /**
   * Whether `value` can be written as a header value: what addHeader and setHeader accept as
   * text. Every value a parsed message holds passes (splitHead refuses a bare CR).
   */
  static isWritableValue(this: void, value: string): boolean {
    return !hasLineBreak(value);
  }

  private makeLine(name: string, key: string, value: HeaderInput): HeaderLine {
    assertSafeText('header name', name);
    if (!isToken(name)) throw new TypeError(`invalid header name: ${JSON.stringify(name)}`);
    const canonical = canonicalHeaderName(name);
    if (typeof value === 'string') {
      assertWritable(`${canonical} value`, value);
      return new HeaderLine(canonical, key, value);
    }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) assertWritable(`${canonical} value`, String(v));
    return new HeaderLine(canonical, key, undefined, values);
  }

  /**
   * Read the headers every layer relies on — top Via, From, To, Call-ID, CSeq (RFC 3261 §8.1.1)
   * and Max-Forwards when present — so that a message with one missing, doubled or malformed
   * fails here, once, with the SipParseError naming it.
   */
  checkMandatoryHeaders(): void {
    void this.via;
    void this.from;
    void this.to;
    void this.callId;
    void this.cseq;
    void this.maxForwards;
  }

  /** The top Via (RFC 3261 §8.1.1.7). Throws SipParseError when there is none or it is malformed. */
  get via(): ViaHeader {
    const via = this.header('Via');
    if (via === undefined) throw missing('Via');
    return via;
  }

  get from(): FromHeader {
    return this.single('From');
  }

  get to(): ToHeader {
    return this.single('To');
  }

  get callId(): string {
    return this.single<CallIdHeader>('Call-ID').value;
  }

  get cseq(): CSeqHeader {
    return this.single('CSeq');
  }

  get contact(): ContactHeader[] {
    return this.headers('Contact');
  }

  get maxForwards(): number | undefined {
    return this.optionalSingle<MaxForwardsHeader>('Max-Forwards')?.value;
  }

  get contentLength(): number | undefined {
    return this.optionalSingle<ContentLengthHeader>('Content-Length')?.value;
  }

  get contentType(): ContentTypeHeader | undefined {
    return this.optionalSingle('Content-Type');
  }

  private single<T>(name: string): T {
    const value = this.optionalSingle<T>(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  private optionalSingle<T>(name: string): T | undefined {
    let found: AnyHeaderValue | undefined;
    for (const line of this.linesFor(headerLookup(name))) {
      const values = line.values();
      if (found !== undefined || values.length > 1) throw duplicated(name);
      found = values[0];
    }
    return found as T | undefined;
  }

  get body(): Uint8Array {
    return this.bodyBytes;
  }

  /** Set the body from bytes or text (encoded as UTF-8); Content-Length follows on serialisation. */
  set body(value: Uint8Array | string) {
    this.bodyBytes = typeof value === 'string' ? encodeUtf8(value) : value;
    this.bodyTextCache = typeof value === 'string' ? value : undefined;
  }

  /** The body decoded as UTF-8. */
  get bodyText(): string {
    if (this.bodyTextCache === undefined) this.bodyTextCache = this.bodyBytes.length === 0 ? '' : decodeUtf8(this.bodyBytes);
    return this.bodyTextCache;
  }

  /** The header block, ending with the empty line. Content-Length always states the body's octet count. */
  private head(): string {
    let out = this.startLine + CRLF;
    let wroteLength = false;
    for (const line of this.lines) {
      if (line.key === 'content-length') {
        if (wroteLength) continue;
        wroteLength = true;
        out += `${line.name}: ${this.bodyBytes.length}${CRLF}`;
      } else {
        out += `${line.name}: ${line.value}${CRLF}`;
      }
    }
    if (!wroteLength) out += `Content-Length: ${this.bodyBytes.length}${CRLF}`;
    return out + CRLF;
  }

  /** The message as text; a binary body is decoded as UTF-8, so use toBytes() for the wire. */
  toString(): string {
    return this.head() + this.bodyText;
  }

  /** The message as it goes on the wire. */
  toBytes(): Uint8Array {
    const head = encodeUtf8(this.head());
    if (this.bodyBytes.length === 0) return head;
    const out = new Uint8Array(head.length + this.bodyBytes.length);
    out.set(head, 0);
    out.set(this.bodyBytes, head.length);
    return out;
  }
}
