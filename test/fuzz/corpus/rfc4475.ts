import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../fixtures/rfc4475/', import.meta.url));

export interface TortureMessage {
  name: string;
  /** The octets as latin1 text, byte-exact. */
  data: string;
}

let cache: TortureMessage[] | undefined;

/** The RFC 4475 torture messages (test/fixtures/rfc4475), valid and invalid, as they are. */
export function tortureMessages(): TortureMessage[] {
  cache ??= readdirSync(DIR)
    .filter((file) => file.endsWith('.dat'))
    .sort()
    .map((file) => ({ name: file.slice(0, -4), data: readFileSync(DIR + file).toString('latin1') }));
  return cache;
}

/** One torture message by name, e.g. `torture('badinv01')`. */
export function torture(name: string): string {
  const found = tortureMessages().find((m) => m.name === name);
  if (found === undefined) throw new Error(`no RFC 4475 fixture ${name}`);
  return found.data;
}
