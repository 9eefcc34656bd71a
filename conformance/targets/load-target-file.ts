import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetFile } from './target.js';

export const TARGETS_DIR = dirname(fileURLToPath(import.meta.url));

/** The `target.json` of a target folder (`kamailio`, `asterisk`). */
export function loadTargetFile(name: string): TargetFile {
  return JSON.parse(readFileSync(join(TARGETS_DIR, name, 'target.json'), 'utf8')) as TargetFile;
}
