import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (scripts/setup.sh installs it). */
export const CHROMIUM = '/usr/bin/chromium';

// Headless, sandbox-free (the tests run as root in CI), and quiet: without the background
// networking flags Chromium dials Google's services, which this closed network refuses. The fake
// device and UI flags give getUserMedia a synthetic microphone (a beep) without a permission prompt.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** A Chromium started for a test file; stop() closes it and then makes sure its process is gone, by pid. */
export interface RunningChromium {
  pid: number;
  browser: Browser;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface StartChromiumOptions {
  /**
   * Flags after the default ones (a later flag wins over an earlier one of the same name), e.g.
   * `--use-fake-ui-for-media-stream=deny`: every getUserMedia is refused, as when the user says no.
   */
  args?: string[];
}

/** Launch Chromium with a fresh profile (Playwright's own temporary user-data-dir) and connect to it. */
export async function startChromium(options: StartChromiumOptions = {}): Promise<RunningChromium> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: [...ARGS, ...(options.args ?? [])], timeout: 15_000 });
  const pid = server.process().pid;
  if (pid === undefined) {
    await server.kill();
    throw new Error('chromium started without a pid');
  }
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 10_000 });
  const stop = async (): Promise<void> => {
    await Promise.race([browser.close().then(() => server.close()), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch(() => undefined);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  return { pid, browser, stop };
}

/** A script-tag bundle of `entry`, built as tsup builds dist/sipforge.browser.js (iife, browser platform, es2022). */
export async function browserBundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

/** A page served on 127.0.0.1 (a secure context, so getUserMedia works) that loads `scripts` in order. */
export interface TestPageServer {
  url: string;
  close(): Promise<void>;
}

export async function serveTestPage(scripts: ReadonlyArray<{ name: string; code: string }>): Promise<TestPageServer> {
  const tags = scripts.map((script) => `<script src="/${script.name}"></script>`).join('\n');
  const files = new Map<string, { type: string; body: string }>([
    ['/', { type: 'text/html', body: `<!doctype html>\n<meta charset="utf-8">\n<title>sipforge test</title>\n<link rel="icon" href="data:,">\n${tags}\n` }],
    ...scripts.map((script) => [`/${script.name}`, { type: 'text/javascript', body: script.code }] as const),
  ]);
  const server: Server = createServer((request, response) => {
    const file = files.get(request.url ?? '');
    response.writeHead(file === undefined ? 404 : 200, { 'content-type': `${file?.type ?? 'text/plain'}; charset=utf-8` });
    response.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A new page of `browser` at `url`, with the page's console errors and uncaught exceptions collected. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { page, errors };
}
