import { ConfigurationError } from '../exceptions.js';
import { randomBytes } from '../../transport/index.js';

// RFC 4122 §3: the UUID string form, 8-4-4-4-12 hex digits.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID in its RFC 4122 string form. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** The `instanceId` option: a UUID, optionally written `uuid:…` (the prefix is dropped, as legacy did). */
export function checkInstanceId(value: unknown): string {
  if (typeof value !== 'string') throw new ConfigurationError('instanceId', value);
  const id = value.replace(/^uuid:/i, '');
  if (!isUuid(id)) throw new ConfigurationError('instanceId', value);
  return id;
}

/** A random (version 4) UUID, RFC 4122 §4.4, for `+sip.instance` (RFC 5626 §4.1). */
export function randomUuid(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
