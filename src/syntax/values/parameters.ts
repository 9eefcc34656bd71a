/** One `;name=value` (or `?name=value` for URI headers) entry, as it appeared on the wire. */
export interface Parameter {
  name: string;
  /** `null` for a parameter without `=value` (e.g. `;lr`). Quoted values are stored unquoted and unescaped. */
  value: string | null;
  /** The value was a quoted-string on the wire; it is quoted again when serialised. */
  quoted: boolean;
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * Whether `text` holds CR or LF, which end a header line (RFC 3261 §7.3) and so can appear in
 * no value, not even quoted (quoted-pair excludes them, §25.1).
 */
export function hasLineBreak(text: string): boolean {
  return /[\r\n]/.test(text);
}

/**
 * Quote a value as an RFC 3261 §25.1 quoted-string: `"`, `\` and the control characters that
 * qdtext excludes become quoted-pairs. CR and LF cannot be quoted at all, so they are refused.
 */
export function quoteString(value: string): string {
  if (hasLineBreak(value)) throw new TypeError(`a quoted string cannot contain CR or LF: ${JSON.stringify(value)}`);
  return '"' + value.replace(/["\\\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, (c) => '\\' + c) + '"';
}

/** Whether `value` is an RFC 3261 §25.1 token. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * An ordered, case-insensitive parameter list (RFC 3261 §7.3.1: parameter names are
 * case-insensitive). Order and spelling are kept so a message serialises back as received.
 */
// The list of every Parameters made empty: a URI has two (parameters and headers), mostly empty, and a
// registered UA keeps a dozen for its lifetime. `set` replaces it rather than adding to it.
const NO_PARAMETERS: Parameter[] = Object.freeze([]) as unknown as Parameter[];

export class Parameters implements Iterable<Parameter> {
  // Replaced by an exactly sized copy when an entry is added (see `set`), never grown in place.
  list: Parameter[];

  constructor(list: Parameter[] = NO_PARAMETERS) {
    this.list = list.length === 0 ? NO_PARAMETERS : list;
  }

  static of(entries: Record<string, string | null>): Parameters {
    return new Parameters(Object.entries(entries).map(([name, value]) => ({ name, value, quoted: false })));
  }

  get size(): number {
    return this.list.length;
  }

  private find(name: string): Parameter | undefined {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      if (p.name === name || p.name.toLowerCase() === name.toLowerCase()) return p;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** The value, `null` for a valueless parameter, `undefined` when absent. */
  get(name: string): string | null | undefined {
    const p = this.find(name);
    return p === undefined ? undefined : p.value;
  }

  set(name: string, value: string | null, quoted = false): this {
    const p = this.find(name);
    if (p) {
      p.value = value;
      p.quoted = quoted;
    } else {
      // Not `push`: on a list made empty, V8 reserves 17 slots for the first entry, and a registered UA
      // keeps a few such lists (its Contact's `transport`, `+sip.instance`, `reg-id`) for its lifetime.
      this.list = this.list.concat({ name, value, quoted });
    }
    return this;
  }

  delete(name: string): boolean {
    const lower = name.toLowerCase();
    const i = this.list.findIndex((p) => p.name.toLowerCase() === lower);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  clone(): Parameters {
    return this.list.length === 0 ? new Parameters() : new Parameters(this.list.map((p) => ({ ...p })));
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this.list[Symbol.iterator]();
  }

  /** Serialise with `separator` before each entry (`;` for parameters, `&` between URI headers). */
  format(separator: string, first: string = separator): string {
    let out = '';
    for (let i = 0; i < this.list.length; i++) {
      const p = this.list[i]!;
      out += i === 0 ? first : separator;
      out += p.name;
      if (p.value !== null) out += '=' + (p.quoted ? quoteString(p.value) : p.value);
    }
    return out;
  }

  /** `;a=1;b` — the form used after a URI, a name-addr, a Via, a media type. */
  toString(): string {
    return this.format(';');
  }
}
