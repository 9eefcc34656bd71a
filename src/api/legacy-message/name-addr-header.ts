import { FromHeader, Parameters, SipParseError, type URI } from '../../syntax/index.js';

/** What every name-addr header of the typed model (From, To, Contact, Refer-To, …) carries. */
export interface NameAddrFields {
  displayName: string | undefined;
  uri: URI;
  params: Parameters;
}

/**
 * A name-addr with header parameters as legacy code reads it (legacy `SIP.NameAddrHeader`): `uri`,
 * `displayName`, `getParam('tag')`, `hasParam(name)`; and `tag` and `params` as the typed From/To headers
 * have them. It shares the URI and parameters of the header it shows, so it costs no copy; it has none of
 * the legacy setters, since changing a received From/To would not change what is on the wire.
 */
export class NameAddrHeader implements NameAddrFields {
  readonly uri: URI;
  readonly displayName: string | undefined;
  readonly params: Parameters;

  constructor(uri: URI, displayName?: string, params: Parameters = new Parameters()) {
    this.uri = uri;
    this.displayName = displayName;
    this.params = params;
  }

  /** The view of a typed header's name-addr. */
  static of(header: NameAddrFields): NameAddrHeader {
    return new NameAddrHeader(header.uri, header.displayName, header.params);
  }

  /** Parse `"Bob" <sip:bob@example.com>;tag=1` (legacy `NameAddrHeader.parse`: undefined when it does not parse). */
  static parse(text: string): NameAddrHeader | undefined {
    try {
      // The From grammar is the generic name-addr with header parameters (RFC 3261 §25.1 from-spec).
      const [header] = FromHeader.parse(text);
      return header === undefined ? undefined : NameAddrHeader.of(header);
    } catch (error) {
      if (error instanceof SipParseError) return undefined;
      throw error;
    }
  }

  /** The `tag` parameter. */
  get tag(): string | undefined {
    return this.params.get('tag') ?? undefined;
  }

  /** A parameter's value, `null` for one without a value, undefined when absent (legacy `getParam`). */
  getParam(name: string): string | null | undefined {
    return this.params.get(name);
  }

  hasParam(name: string): boolean {
    return this.params.has(name);
  }

  toString(): string {
    // From's serialisation is the generic one of a name-addr with parameters.
    return new FromHeader(this).toString();
  }
}
