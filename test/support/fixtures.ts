/**
 * The RFC 4475 torture messages as byte-exact fixtures (test/fixtures/rfc4475/*.dat).
 * Never read them as text and write them back: their CRLFs and the binary body of
 * mpart01.dat are part of the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RFC4475_DIR = fileURLToPath(new URL('../fixtures/rfc4475/', import.meta.url));

/** The raw bytes of one fixture, e.g. `fixture('wsinv')`. */
export function fixture(name: string): Uint8Array {
  const file = name.endsWith('.dat') ? name : `${name}.dat`;
  return new Uint8Array(readFileSync(RFC4475_DIR + file));
}

/** Every `.dat` fixture name (without extension), sorted. */
export function fixtureNames(): string[] {
  return readdirSync(RFC4475_DIR)
    .filter((f) => f.endsWith('.dat'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** The bytes after the first CRLF CRLF (the empty line ending the header section). */
export function bytesAfterBlankLine(data: Uint8Array): Uint8Array {
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] === 13 && data[i + 1] === 10 && data[i + 2] === 13 && data[i + 3] === 10) return data.subarray(i + 4);
  }
  throw new Error('no empty line in fixture');
}

/** `SHA256SUMS` as a map file name → hex digest. */
export function sha256sums(): Map<string, string> {
  const text = readFileSync(RFC4475_DIR + 'SHA256SUMS', 'latin1');
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2]!, m[1]!);
  }
  return sums;
}
