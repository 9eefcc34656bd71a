import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Inside the checkout, so that the bundle's bare imports (ws, sip.js, jssip) find node_modules.
const BUILD = join(dirname(fileURLToPath(import.meta.url)), '.build');
let outDir: string | undefined;

/**
 * Bundle a child entry (bench/load/*.ts with the sipforge source it imports) to plain ESM, as
 * `npm run build` (tsup) ships sipforge: packages stay external, names are not kept. `prefix` names
 * the bundle apart from another of the same entry (an A/B against another checkout). Running the
 * source under tsx instead would measure tsx: its esbuild keeps every function's name with an
 * `Object.defineProperty`, which gives each closure its own property store (about 6 KB per UA).
 */
export async function bundleChild(entry: string, prefix = ''): Promise<string> {
  if (outDir === undefined) {
    mkdirSync(BUILD, { recursive: true });
    const dir = mkdtempSync(join(BUILD, 'run-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  const outfile = join(outDir, prefix + basename(entry).replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'es2022', packages: 'external', logLevel: 'warning' });
  return outfile;
}
