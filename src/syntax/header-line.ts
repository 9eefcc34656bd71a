import type { HeaderValue } from '../../generated/index.js';
import { ExtensionHeader, SipParseError } from './values/index.js';
import { headerDefinitions, type HeaderDefinition } from '../../generated/index.js';
import { wireHeaderKey, type HeaderLookup } from './header-names.js';

export type AnyHeaderValue = HeaderValue | ExtensionHeader;

/**
 * One header line of a message: the name as written, the raw value (unfolded), and the
 * typed values parsed from it on first access. A parse failure is remembered so every
 * later access reports the same error.
 */
export class HeaderLine {
  readonly name: string;
  private lookupKey: string | undefined;
  private definition: HeaderDefinition | undefined;
  private raw: string | undefined;
  private parsed: AnyHeaderValue[] | undefined;
  private error: SipParseError | undefined;

  constructor(name: string, key: string | undefined, raw: string | undefined, parsed?: AnyHeaderValue[]) {
    this.name = name;
    this.lookupKey = key;
    this.raw = raw;
    this.parsed = parsed;
  }

  /** Lower-case name with compact forms expanded; computed on first use, as most lines are never looked up by it. */
  get key(): string {
    if (this.lookupKey === undefined) this.lookupKey = wireHeaderKey(this.name);
    return this.lookupKey;
  }

  /** Whether this line is one of the header `lookup` names; the exact-spelling test settles most lines. */
  matches(lookup: HeaderLookup): boolean {
    const name = this.name;
    if (name !== lookup.canonical) {
      if (name.length !== lookup.key.length && name.length !== 1) return false;
      if (this.key !== lookup.key) return false;
    }
    // Remember what the match established, so parsing the line needs no further lookups.
    this.lookupKey = lookup.key;
    this.definition = lookup.definition;
    return true;
  }

  /** The value as it appears on the wire. */
  get value(): string {
    if (this.raw === undefined) this.raw = this.parsed!.map(String).join(', ');
    return this.raw;
  }

  /** The typed values of this line (several for a comma-separated list). */
  values(): AnyHeaderValue[] {
    if (this.parsed !== undefined) return this.parsed;
    if (this.error !== undefined) throw this.error;
    const def = this.definition ?? headerDefinitions.get(this.key);
    if (def === undefined) {
      this.parsed = [new ExtensionHeader(this.name, this.raw!)];
      return this.parsed;
    }
    try {
      this.parsed = def.parse(this.raw!);
    } catch (error) {
      this.error =
        error instanceof SipParseError
          ? new SipParseError(`${def.name}: ${error.message}`, { offset: error.offset, rule: error.rule, header: def.name, cause: error })
          : new SipParseError(`${def.name}: ${String(error)}`, { offset: 0, rule: def.name, header: def.name, cause: error });
      throw this.error;
    }
    return this.parsed;
  }
}
