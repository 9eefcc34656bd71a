import { Parameters } from './parameters.js';

export interface UriFields {
  scheme: string;
  user?: string | undefined;
  password?: string | undefined;
  host?: string;
  port?: number | undefined;
  params?: Parameters;
  headers?: Parameters;
  /** Everything after `scheme:` for a URI that is neither SIP, SIPS nor tel (RFC 3261 absoluteURI). */
  opaque?: string | undefined;
}

// The headers of every frozen URI that has none: a frozen URI cannot make its own list when it is read.
const NO_HEADERS = Object.freeze(new Parameters()) as Parameters;

// RFC 3261 §19.1.4: these URI parameters must match whenever either side has them.
const STRICT_PARAMS = ['user', 'ttl', 'method', 'maddr', 'transport'];

function unescapePercent(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A SIP, SIPS, tel or other absolute URI (the public `SIP.URI`). Fields hold the wire
 * form (percent-escapes kept) so a URI serialises back exactly; comparison decodes them.
 */
export class URI {
  scheme: string;
  user: string | undefined;
  password: string | undefined;
  host: string;
  port: number | undefined;
  params: Parameters;
  // The `?` headers, made when first read: nearly every URI has none (a process holds thousands of UAs
  // with a few URIs each, and every message parsed brings several more).
  private headerList: Parameters | undefined;
  opaque: string | undefined;

  constructor(fields: UriFields) {
    this.scheme = fields.scheme;
    this.user = fields.user;
    this.password = fields.password;
    this.host = fields.host ?? '';
    this.port = fields.port;
    this.params = fields.params ?? new Parameters();
    this.headerList = fields.headers;
    this.opaque = fields.opaque;
  }

  /** The headers of the URI (RFC 3261 §19.1.1 `?name=value&…`), empty when it has none (frozen on a frozen URI). */
  get headers(): Parameters {
    if (this.headerList !== undefined) return this.headerList;
    return Object.isFrozen(this) ? NO_HEADERS : (this.headerList = new Parameters());
  }

  set headers(headers: Parameters) {
    this.headerList = headers;
  }

  /** Whether the URI has headers, without making the empty list `headers` would. */
  get hasHeaders(): boolean {
    return this.headerList !== undefined && this.headerList.size > 0;
  }

  /** True for `sip:` and `sips:` URIs, whose structure RFC 3261 §19.1 defines. */
  get isSip(): boolean {
    const s = this.scheme.toLowerCase();
    return s === 'sip' || s === 'sips';
  }

  get transport(): string | undefined {
    return this.params.get('transport') ?? undefined;
  }

  get lr(): boolean {
    return this.params.has('lr');
  }

  get maddr(): string | undefined {
    return this.params.get('maddr') ?? undefined;
  }

  get userParam(): string | undefined {
    return this.params.get('user') ?? undefined;
  }

  get method(): string | undefined {
    return this.params.get('method') ?? undefined;
  }

  get ttl(): number | undefined {
    const v = this.params.get('ttl');
    return v == null ? undefined : Number(v);
  }

  /** `host` or `host:port`. */
  get hostport(): string {
    return this.port === undefined ? this.host : `${this.host}:${this.port}`;
  }

  clone(): URI {
    return new URI({
      scheme: this.scheme,
      user: this.user,
      password: this.password,
      host: this.host,
      port: this.port,
      params: this.params.clone(),
      headers: this.headerList?.clone(),
      opaque: this.opaque,
    });
  }

  toString(): string {
    if (this.opaque !== undefined) return `${this.scheme}:${this.opaque}`;
    let out = this.scheme + ':';
    if (this.user !== undefined) {
      out += this.user;
      if (this.password !== undefined) out += ':' + this.password;
      if (this.host !== '') out += '@';
    }
    out += this.host;
    if (this.port !== undefined) out += ':' + this.port;
    out += this.params.format(';');
    if (this.hasHeaders) out += this.headerList!.format('&', '?');
    return out;
  }

  /** URI equality of RFC 3261 §19.1.4 (for non-SIP schemes: case-insensitive scheme, exact rest). */
  equals(other: URI): boolean {
    if (this.scheme.toLowerCase() !== other.scheme.toLowerCase()) return false;
    if (!this.isSip) return this.toString().slice(this.scheme.length) === other.toString().slice(other.scheme.length);
    if (decodedOrUndefined(this.user) !== decodedOrUndefined(other.user)) return false;
    if (decodedOrUndefined(this.password) !== decodedOrUndefined(other.password)) return false;
    if (unescapePercent(this.host).toLowerCase() !== unescapePercent(other.host).toLowerCase()) return false;
    if (this.port !== other.port) return false;
    if (!paramsMatch(this.params, other.params)) return false;
    return headersMatch(this.headerList, other.headerList);
  }
}

function decodedOrUndefined(text: string | undefined): string | undefined {
  return text === undefined ? undefined : unescapePercent(text);
}

function normalisedValue(value: string | null | undefined): string | null | undefined {
  return typeof value === 'string' ? unescapePercent(value).toLowerCase() : value;
}

function paramsMatch(a: Parameters, b: Parameters): boolean {
  for (const name of STRICT_PARAMS) {
    if (a.has(name) !== b.has(name)) return false;
  }
  for (const p of a) {
    if (b.has(p.name) && normalisedValue(p.value) !== normalisedValue(b.get(p.name))) return false;
  }
  return true;
}

function headersMatch(a: Parameters | undefined, b: Parameters | undefined): boolean {
  if (a === undefined || b === undefined) return (a?.size ?? 0) === (b?.size ?? 0);
  if (a.size !== b.size) return false;
  for (const h of a) {
    const other = b.get(h.name);
    if (other === undefined) return false;
    const x = h.value === null ? null : unescapePercent(h.value);
    const y = other === null ? null : unescapePercent(other);
    if (x !== y) return false;
  }
  return true;
}
