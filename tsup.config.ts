import { defineConfig } from 'tsup';

// JavaScript only: scripts/build.ts (`npm run build`) clears dist/ first and writes the
// declarations with tsc afterwards.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  },
  {
    // The script-tag build: one file, the global `SIP`, nothing Node-only inside.
    entry: { 'sipforge.browser': 'src/browser.ts' },
    format: ['iife'],
    platform: 'browser',
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    outExtension: () => ({ js: '.js' }),
  },
]);
