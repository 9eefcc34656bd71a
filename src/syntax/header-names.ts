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

/** The catalogue entry for a key, if the header is known. */
export function headerDefinition(key: string): HeaderDefinition | undefined {
  return headerDefinitions.get(key);
}

/** The spelling used when the library writes a header it knows. */
export function canonicalHeaderName(name: string): string {
  return headerDefinitions.get(headerKey(name))?.name ?? name;
}
