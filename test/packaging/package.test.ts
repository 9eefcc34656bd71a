import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as a user gets it: the working tree copied without dist/ (as a fresh clone is),
// `npm pack` there (prepack builds dist/), the tarball installed into a new project, then used
// from Node (ESM and CommonJS), from a browser bundler, and from TypeScript under each module
// resolution. Offline: the project's runtime dependencies come from the npm cache that the
// checkout's own `npm install` filled, named by their exact registry tarball (npm 11 asks for
// full registry documents when it resolves a version range, and those are not cached).

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const consumer = join(dirname(fileURLToPath(import.meta.url)), 'consumer');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');

let work: string;
let app: string;
let packed: string[];
let packageJson: { license: string; dependencies: Record<string, string>; exports: unknown };

function run(command: string, args: string[], cwd: string, timeout = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** Runs a consumer script with node in the installed project and parses the JSON it prints. */
async function nodeCheck(script: string, nodeArgs: string[] = []): Promise<Record<string, unknown>> {
  const out = await run(process.execPath, [...nodeArgs, script], app, 15_000);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** The files of the working tree a clone would have: tracked and untracked, minus ignored ones (dist/). */
async function copyWorkingTree(to: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo);
  for (const file of listed.split('\0')) {
    if (file === '' || file === 'node_modules' || !existsSync(join(repo, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(repo, file), join(to, file));
  }
  symlinkSync(realpathSync(join(repo, 'node_modules')), join(to, 'node_modules'));
}

/** `name@version` of a package the checkout installed, as its registry tarball URL (in the npm cache). */
function cachedTarball(registry: string, name: string): string {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  const { version } = lock.packages[`node_modules/${name}`]!;
  return `${registry.replace(/\/?$/, '/')}${name}/-/${name.split('/').at(-1)}-${version}.tgz`;
}

/** The packages the checkout installed for running (not dev), as hoisted to the top of node_modules. */
function runtimePackages(): string[] {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const name = path.replace(/^node_modules\//, '');
    return path.startsWith('node_modules/') && !name.includes('node_modules/') && entry.dev !== true ? [name] : [];
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sipforge-package-'));
  const clone = join(work, 'clone');
  await copyWorkingTree(clone);
  expect(existsSync(join(clone, 'dist'))).toBe(false);

  await run('npm', ['pack', '--pack-destination', work], clone, 120_000);
  packageJson = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as typeof packageJson;
  const tarball = join(work, `sipforge-${(JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { version: string }).version}.tgz`);
  packed = (await run('tar', ['-tzf', tarball], work)).trim().split('\n').map((f) => f.replace(/^package\//, ''));

  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'sipforge-consumer', private: true }));
  cpSync(consumer, app, { recursive: true });
  const registry = (await run('npm', ['config', 'get', 'registry'], app)).trim();
  // The runtime dependencies, their own included (werift has many; npm would resolve their ranges
  // from registry documents, which are not cached), plus @types/node (and its own dependency) for the TypeScript checks.
  const dependencies = [...runtimePackages(), '@types/node', 'undici-types'].map((name) => cachedTarball(registry, name));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball, ...dependencies], app, 60_000);
}, 180_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('builds dist/ in a tree without one and packs it with the LICENSE, without sources or tests', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/node.js', 'dist/node.cjs', 'dist/sipforge.browser.js']));
    expect(packed.filter((file) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
    expect(packageJson.license).toBe('MIT');
    const license = readFileSync(join(app, 'node_modules/sipforge/LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the sipforge authors\n/);
  });

  it('has declarations named after their sources (no content hash), ESM and CommonJS', () => {
    for (const format of ['esm', 'cjs']) {
      for (const entry of ['index', 'node', 'browser']) expect(packed).toContain(`dist/types/${format}/src/${entry}.d.ts`);
    }
    expect(packed).toContain('dist/types/cjs/package.json');
    expect(packed.filter((file) => file.endsWith('.d.ts') && !/^dist\/types\/(esm|cjs)\/(src|generated)\//.test(file))).toEqual([]);
  });

  it('has every file that package.json exports', () => {
    const targets: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(packageJson.exports);
    expect(targets.filter((target) => !packed.includes(target))).toEqual([]);
  });
});

describe('in Node', () => {
  it("`import SIP from 'sipforge'` is the Node build: its UA connects over ws where Node 20 has no WebSocket", async () => {
    expect(await nodeCheck('check-esm.mjs')).toEqual({
      resolved: expect.stringMatching(/\/node_modules\/sipforge\/dist\/node\.js$/),
      sameAsExplicit: true,
      defaultUaIsNodeUa: true,
      namedUaIsNodeUa: true,
      udpTransport: 'function',
      firstRequestLine: 'REGISTER sip:example.test SIP/2.0',
    });
  });

  it("`require('sipforge')` is the Node build too, the same module as `require('sipforge/node')`", async () => {
    expect(await nodeCheck('check-cjs.cjs')).toEqual({
      resolved: expect.stringMatching(/\/node_modules\/sipforge\/dist\/node\.cjs$/),
      sameAsExplicit: true,
      defaultUaIsNodeUa: true,
      namedUaIsNodeUa: true,
      udpTransport: 'function',
      explicitUdpTransport: 'function',
      firstRequestLine: 'REGISTER sip:example.test SIP/2.0',
    });
  });

  it("`sipforge/browser` is the script-tag bundle, which defines the global SIP", async () => {
    expect(await nodeCheck('check-browser-bundle.mjs')).toEqual({
      resolved: expect.stringMatching(/\/node_modules\/sipforge\/dist\/sipforge\.browser\.js$/),
      globalUa: 'function',
    });
  });
});

describe('in a browser bundler', () => {
  it('the `browser` condition comes before `node`: the browser-safe root', async () => {
    expect(await nodeCheck('check-browser-condition.mjs', ['--conditions=browser'])).toEqual({
      resolved: expect.stringMatching(/\/node_modules\/sipforge\/dist\/index\.js$/),
      rootUa: true,
      nodeUa: 'undefined',
      udpTransport: 'undefined',
    });
  });

  it('esbuild bundles `sipforge` for the browser from the root build alone, and it runs without Node', async () => {
    const result = await build({
      stdin: { contents: "import SIP from 'sipforge';\nglobalThis.SIP = SIP;\n", resolveDir: app, loader: 'js' },
      absWorkingDir: app,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== '<stdin>');
    expect(inputs.length).toBeGreaterThan(0);
    // The root build and its browser-safe dependencies (digests; SDP for the WebRTC media handler); neither dist/node.* nor ws.
    expect(inputs.filter((input) => !/^node_modules\/(sipforge\/dist\/(index|chunk-\w+)\.js|@noble\/hashes\/|sdp-transform\/)/.test(input))).toEqual([]);
    const browser: Record<string, unknown> = { crypto: globalThis.crypto, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask };
    browser.globalThis = browser;
    runInNewContext(result.outputFiles[0]!.text, browser);
    const SIP = browser.SIP as { UA: new (config: unknown) => { configuration: { uri: { toString(): string } } } };
    expect(new SIP.UA({ uri: 'alice@example.test', log: { builtinEnabled: false } }).configuration.uri.toString()).toBe('sip:alice@example.test');
  });
});

describe('TypeScript consumers (tsc)', () => {
  // skipLibCheck is off where it proves the declarations themselves: every ESM and CommonJS
  // declaration file of the Node build (node16), and the root's without Node types (browser).
  // node10 and bundler check the consumer against them; checking @types/node again costs most.
  const common = { strict: true, noEmit: true, target: 'ES2022' };
  const setups: Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> = {
    node10: { compilerOptions: { ...common, skipLibCheck: true, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, lib: ['ES2022'], types: ['node'] }, files: ['types/legacy.ts'] },
    // node16 rather than nodenext: the stricter of the two for CommonJS (no require of ES modules).
    node16: { compilerOptions: { ...common, skipLibCheck: false, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] }, files: ['types/node.mts', 'types/node.cts'] },
    bundler: { compilerOptions: { ...common, skipLibCheck: true, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022'], types: ['node'] }, files: ['types/bundler.ts'] },
    'bundler, browser only': { compilerOptions: { ...common, skipLibCheck: false, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] }, files: ['types/browser.ts'] },
  };

  it.each(Object.keys(setups))('%s', async (name) => {
    const config = join(app, `tsconfig.${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(config, JSON.stringify(setups[name]));
    await run(process.execPath, [tsc, '-p', config], app, 90_000);
  }, 90_000);
});
