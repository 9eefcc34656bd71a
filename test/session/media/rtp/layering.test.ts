import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../src');
const NODE_ONLY = /^(node:|dgram$|net$|tls$|fs$|os$|ws$|stream$|alawmulaw$|wavefile$)/;

/** The source files reachable from `file` through relative imports, and the packages they import. */
function reach(file: string, files = new Set<string>(), packages = new Set<string>()): { files: Set<string>; packages: Set<string> } {
  if (files.has(file)) return { files, packages };
  files.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('.')) reach(join(dirname(file), specifier.replace(/\.js$/, '.ts')), files, packages);
    else packages.add(specifier);
  }
  return { files, packages };
}

describe('the RTP media handler is Node-only', () => {
  it('the browser entry (src/index.ts) reaches neither it nor any Node module', () => {
    const { files, packages } = reach(join(src, 'index.ts'));
    expect([...files].map((f) => relative(src, f)).filter((f) => f.startsWith('session/media/rtp'))).toEqual([]);
    expect([...packages].filter((p) => NODE_ONLY.test(p))).toEqual([]);
  });

  it('sipforge/node (src/node.ts) reaches it', () => {
    const { files } = reach(join(src, 'node.ts'));
    expect([...files].map((f) => relative(src, f))).toContain('session/media/rtp/rtp-session-description-handler.ts');
  });

  it('it imports nothing from the api layer above it (DESIGN.md layers)', () => {
    const dir = join(src, 'session/media/rtp');
    for (const file of readdirSync(dir)) {
      const { files } = reach(join(dir, file));
      expect([...files].map((f) => relative(src, f)).filter((f) => f.startsWith('api/')), file).toEqual([]);
    }
  });
});
