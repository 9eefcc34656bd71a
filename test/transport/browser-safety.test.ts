import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/transport');
const NODE_ONLY = /^(node:|dgram$|net$|tls$|fs$|os$|ws$)/;

/** Every module specifier reachable from `file` through relative imports, and where each came from. */
function reachableImports(file: string, seen = new Set<string>(), found: Array<{ from: string; specifier: string }> = []) {
  if (seen.has(file)) return found;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('.')) {
      const target = join(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (target.startsWith(root)) reachableImports(target, seen, found);
    } else found.push({ from: file.slice(root.length + 1), specifier });
  }
  return found;
}

describe('transport layering', () => {
  it('index.ts reaches no Node-only module (browser entry)', () => {
    const external = reachableImports(join(root, 'index.ts')).filter((i) => NODE_ONLY.test(i.specifier));
    expect(external).toEqual([]);
  });

  it('node.ts is where dgram, net, tls and ws come in', () => {
    const specifiers = new Set(reachableImports(join(root, 'node.ts')).map((i) => i.specifier));
    for (const module of ['node:dgram', 'node:net', 'node:tls', 'ws']) expect(specifiers).toContain(module);
  });
});
