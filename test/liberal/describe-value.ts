/**
 * A JSON description of what the parser read: for a catalogued header, every field of its
 * kind (grammar/header-spec.ts), every typed parameter accessor and the serialisation; URIs
 * and parameters spelled out. Two parsers read a value identically when the descriptions
 * are equal. Fields added later (such as a discriminator) are deliberately not described; a
 * value an informational header kept as text is described by its text and header name.
 */
import { headerKinds, type HeaderSpec } from '../../grammar/header-spec.js';
import { headerCatalogue } from '../../grammar/headers.js';
import { NonConformingHeader, Parameters, URI } from '../../src/index.js';

const specByName = new Map<string, HeaderSpec>();
for (const spec of headerCatalogue) {
  specByName.set(spec.name.toLowerCase(), spec);
  if (spec.compact) specByName.set(spec.compact, spec);
}

export function specOf(header: string): HeaderSpec | undefined {
  return specByName.get(header.toLowerCase());
}

/** A typed field as JSON: URIs and parameters spelled out, `undefined` kept visible. */
export function describeField(value: unknown): unknown {
  if (value === undefined) return { undefined: true };
  if (value instanceof Parameters) return value.list.map((p) => [p.name, p.value, p.quoted]);
  if (value instanceof URI) {
    return {
      text: value.toString(),
      scheme: value.scheme,
      user: value.user,
      password: value.password,
      host: value.host,
      port: value.port,
      params: describeField(value.params),
      headers: describeField(value.headers),
      opaque: value.opaque,
    };
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return value;
}

/** The description of one typed value of header `header` (a catalogued or an extension header). */
export function describeValue(header: string, value: unknown): Record<string, unknown> {
  const spec = specOf(header);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = { text: String(value) };
  if (value instanceof NonConformingHeader) {
    out.nonConforming = value.name;
    return out;
  }
  if (spec === undefined) {
    out.extension = record.name;
    out.value = record.value;
    return out;
  }
  for (const field of headerKinds[spec.kind]) out[field.name] = describeField(record[field.name]);
  for (const accessor of spec.params ?? []) out[`.${accessor.accessor}`] = describeField(record[accessor.accessor]);
  return out;
}
