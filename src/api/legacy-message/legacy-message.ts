import { SipParseError, type HeaderFor, type SipMessage } from '../../syntax/index.js';
import { NameAddrHeader } from './name-addr-header.js';
import { rawHeaderValues } from './raw-header-values.js';

/**
 * A SIP message as the legacy `SIP.UA` API hands it to applications: the fields SIP.js 0.7 code reads
 * (`call_id`, `from_tag`, `cseq` as a number, `body` as text, `getHeader()`, …) over the typed message,
 * which stays available as `message`.
 *
 * Why a view and not more members on SipRequest/SipResponse: four legacy names mean something else in
 * the typed model (`body` is bytes there, `from`/`to` typed headers, `cseq` a CSeq header), so one object
 * cannot serve both readers, and the syntax layer must not grow API-layer conventions. The view is made
 * only where the API hands a message out, keeps nothing but a reference, and also offers the typed
 * reading members (`header()`, `headers()`, `rawHeader()`, `callId`, `bodyText`, and `status`/`reason`
 * or `method`/`uri` on its subclasses), so code written against SipRequest/SipResponse reads it unchanged.
 */
export abstract class LegacyMessage<M extends SipMessage = SipMessage> {
  /** The typed message underneath. */
  readonly message: M;
  private fromView: NameAddrHeader | undefined;
  private toView: NameAddrHeader | undefined;

  protected constructor(message: M) {
    this.message = message;
  }

  /** The method: the request's, or for a response the one its CSeq names (legacy). */
  abstract get method(): string;

  get call_id(): string {
    return this.message.callId;
  }

  get callId(): string {
    return this.message.callId;
  }

  /** From as a NameAddrHeader (`uri`, `displayName`, `getParam('tag')`). */
  get from(): NameAddrHeader {
    this.fromView ??= NameAddrHeader.of(this.message.from);
    return this.fromView;
  }

  /** To as a NameAddrHeader. */
  get to(): NameAddrHeader {
    this.toView ??= NameAddrHeader.of(this.message.to);
    return this.toView;
  }

  get from_tag(): string | undefined {
    return this.message.from.tag;
  }

  get to_tag(): string | undefined {
    return this.message.to.tag;
  }

  /** The CSeq sequence number (legacy; the typed header is `message.cseq`). */
  get cseq(): number {
    return this.message.cseq.seq;
  }

  /** The body as text, decoded as UTF-8 (`''` when there is none); the bytes are `message.body`. */
  get body(): string {
    return this.message.bodyText;
  }

  get bodyText(): string {
    return this.message.bodyText;
  }

  /** The raw text of the first value of a header, or undefined when absent. Names are case-insensitive; compact forms work. */
  getHeader(name: string): string | undefined {
    return rawHeaderValues(this.message, name)[0];
  }

  /** The raw text of every value of a header, across lines and comma-separated lists; `[]` when absent. */
  getHeaders(name: string): string[] {
    return rawHeaderValues(this.message, name);
  }

  hasHeader(name: string): boolean {
    return this.message.hasHeader(name);
  }

  /**
   * Value `index` (default the first, counted across lines and lists as `getHeaders` counts) as its typed
   * header, or undefined when there is no such value or the header does not parse (legacy `parseHeader`).
   */
  parseHeader<N extends string>(name: N, index = 0): HeaderFor<N> | undefined {
    try {
      return this.message.headers(name)[index];
    } catch (error) {
      if (error instanceof SipParseError) return undefined;
      throw error;
    }
  }

  /** As `SipMessage.header`: the first value, typed; throws SipParseError when malformed. */
  header<N extends string>(name: N): HeaderFor<N> | undefined {
    return this.message.header(name);
  }

  /** As `SipMessage.headers`. */
  headers<N extends string>(name: N): HeaderFor<N>[] {
    return this.message.headers(name);
  }

  rawHeader(name: string): string | undefined {
    return this.message.rawHeader(name);
  }

  rawHeaders(name: string): string[] {
    return this.message.rawHeaders(name);
  }

  /** The message as text (legacy `toString()`). */
  toString(): string {
    return this.message.toString();
  }
}
