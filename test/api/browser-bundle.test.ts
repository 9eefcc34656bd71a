import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

// The script-tag build (src/browser.ts, bundled as tsup does for dist/sipforge.browser.js)
// evaluated in a context with only what a browser has: no require, no process, no Node modules.

const entry = fileURLToPath(new URL('../../src/browser.ts', import.meta.url));

async function bundle(): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

describe('browser bundle', () => {
  it('defines the global SIP without any Node module', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/\brequire\(/);
    const browser: Record<string, unknown> = {
      crypto: globalThis.crypto,
      TextEncoder,
      TextDecoder,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      console: { log: () => undefined, warn: () => undefined, error: () => undefined },
    };
    browser.globalThis = browser;
    runInNewContext(code, browser);
    const SIP = browser.SIP as {
      UA: new (config?: unknown) => { configuration: { uri: { toString(): string } }; isConnected(): boolean };
      C: { causes: Record<string, string> };
      URI: unknown;
      Exceptions: { ConfigurationError: new (p: string, v: unknown) => Error };
    };
    expect(typeof SIP.UA).toBe('function');
    expect(SIP.C.causes.BUSY).toBe('Busy');
    const ua = new SIP.UA({ log: { builtinEnabled: false } });
    expect(ua.configuration.uri.toString()).toMatch(/^sip:anonymous\.[a-z0-9]{6}@anonymous\.invalid$/);
    expect(ua.isConnected()).toBe(false);
    expect(() => new SIP.UA({ registerExpires: -1, log: { builtinEnabled: false } })).toThrow(SIP.Exceptions.ConfigurationError);
  });
});
