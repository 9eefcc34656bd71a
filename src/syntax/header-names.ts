import { headerDefinitions, type HeaderDefinition } from '../../generated/index.js';

/**
 * The lookup key of a header name: lower case, compact forms expanded (RFC 3261 §7.3.3),
 * so `v`, `VIA` and `Via` all find the same lines.
 */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) {
    const def = headerDefinitions.get(lower);
    if (def !== undefined) return def.name.toLowerCase();
  }
  return lower;
}

/** The spelling used when the library writes a header it knows. */
export function canonicalHeaderName(name: string): string {
  return headerDefinitions.get(headerKey(name))?.name ?? name;
}

/** What a lookup by one header name compares lines against. */
export interface HeaderLookup {
  key: string;
  definition: HeaderDefinition | undefined;
  /** The catalogue spelling (or the name as given, for unknown headers): most lines match it exactly. */
  canonical: string;
}

// Lookup names come from code (a fixed, small set); the bound only guards against a caller
// that looks up names taken from the wire.
const MAX_MEMOISED = 512;
const lookups = new Map<string, HeaderLookup>();

/**
 * The lookup for a header name, memoised: lower-casing on every access would cost more than
 * the comparisons themselves.
 */
export function headerLookup(name: string): HeaderLookup {
  let lookup = lookups.get(name);
  if (lookup === undefined) {
    const key = headerKey(name);
    const definition = headerDefinitions.get(key);
    lookup = { key, definition, canonical: definition?.name ?? name };
    if (lookups.size < MAX_MEMOISED) lookups.set(name, lookup);
  }
  return lookup;
}

/**
 * The lookup key of a header name as written on the wire: the memoised key when code already
 * looked that spelling up (the usual case: `Via`, `From`, …), else computed. Wire spellings
 * never enter the memo, so a message full of odd names cannot crowd out the names code uses.
 */
export function wireHeaderKey(name: string): string {
  return lookups.get(name)?.key ?? headerKey(name);
}
