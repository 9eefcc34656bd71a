// `npm run build`, and `npm pack` / `npm publish` / a git install through `prepack`: dist/ from a
// tree that has none (dist/ is not committed).
//
// - tsup (tsup.config.ts): ESM and CJS of the browser-safe root and of `sipforge/node`, and the
//   script-tag bundle `sipforge.browser.js`.
// - tsc (tsconfig.build.json): one declaration file per source file under dist/types/esm, so each
//   keeps its source's name from release to release (tsup's bundled declarations put the shared
//   part in a chunk named by a content hash, which then appears in consumers' emitted types).
// - The same declarations again under dist/types/cjs, next to a package.json saying "commonjs":
//   TypeScript (node16/nodenext) reads a .d.ts in the module format of its nearest package.json,
//   so the `require` conditions get CommonJS types (a `default` property) and the `import`
//   conditions ESM types, each matching the file Node loads.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

function typescriptDeclarations(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal})`);
}

// tsup's own `clean` runs inside one of its parallel builds and could delete another's output.
rmSync(dist, { recursive: true, force: true });
process.chdir(root);
await build({});
typescriptDeclarations();
cpSync(join(dist, 'types/esm'), join(dist, 'types/cjs'), { recursive: true });
writeFileSync(join(dist, 'types/cjs/package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
