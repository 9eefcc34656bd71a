import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle, openPage, serveTestPage, startChromium, type RunningChromium, type TestPageServer } from '../support/chromium.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// Issue 8, "What must be shown", browser: two browser UAs from the script-tag bundle, each in its
// own page of Debian's headless Chromium, register through Kamailio over WebSocket (RFC 7118) and
// call each other; both peer connections reach `connected`, getStats() shows audio arriving on
// both sides, and the BYE closes them.
//
// This needs the INVITE session layer of issue 8 (offer/answer through a media handler, the UA's
// default WebRTC handler in browsers, `session.mediaHandler`); until it lands, the call connects at
// the SIP level only and the test fails at the media, saying so.

type PageApi = Window['callTest'];

let kamailio: RunningKamailio;
let chromium: RunningChromium;
let server: TestPageServer;
let alice: Page;
let bob: Page;
let errors: () => string[];

function on<K extends keyof PageApi>(page: Page, method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ([name, values]) => (window.callTest[name] as (...a: unknown[]) => unknown)(...values),
    [method, args] as [K, unknown[]],
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
}

/** Polls `read` until `done` holds of its value, or `timeoutMs` passes; returns the last value read. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  const [library, page] = await Promise.all([
    browserBundle(fileURLToPath(new URL('../../src/browser.ts', import.meta.url))),
    browserBundle(fileURLToPath(new URL('./pages/browser-call-page.ts', import.meta.url))),
  ]);
  server = await serveTestPage([
    { name: 'sipforge.browser.js', code: library },
    { name: 'browser-call-page.js', code: page },
  ]);
  kamailio = await startKamailio();
  chromium = await startChromium();
  const opened = await Promise.all([openPage(chromium.browser, server.url), openPage(chromium.browser, server.url)]);
  [alice, bob] = opened.map((o) => o.page) as [Page, Page];
  errors = () => opened.flatMap((o) => o.errors);
}, 40_000);

afterAll(async () => {
  for (const page of [alice, bob]) await page?.evaluate(() => window.callTest.stop()).catch(() => undefined);
  await chromium?.stop();
  await server?.close();
  await kamailio?.stop();
}, 30_000);

describe('browser call through Kamailio (issue 8: needs the session layer)', () => {
  it('two browser UAs register over WebSocket, call each other with audio both ways, and the BYE closes both peer connections', async () => {
    await Promise.all([on(alice, 'register', 'alice', kamailio.wsUrl, false), on(bob, 'register', 'bob', kamailio.wsUrl, true)]);
    await on(alice, 'call', 'sip:bob@example.test');

    expect(await on(alice, 'connection', 8000)).toBe('connected');
    expect(await on(bob, 'connection', 8000)).toBe('connected');
    expect(await until(() => on(alice, 'inboundAudioPackets'), (n) => n > 0, 5000)).toBeGreaterThan(0);
    expect(await until(() => on(bob, 'inboundAudioPackets'), (n) => n > 0, 5000)).toBeGreaterThan(0);

    await on(alice, 'hangUp');
    await on(bob, 'ended', 5000);
    expect(await on(alice, 'signalingState')).toBe('closed');
    expect(await on(bob, 'signalingState')).toBe('closed');
    // `terminated` exactly once; legacy contexts may report the 100 Trying as `progress`.
    const story = (events: string[]): string[] => events.filter((event) => event !== 'progress');
    expect(story(await on(alice, 'events'))).toEqual(['accepted', 'bye', 'terminated']);
    expect(story(await on(bob, 'events'))).toEqual(['accepted', 'confirmed', 'bye', 'terminated']);
    expect(errors()).toEqual([]);
  }, 40_000);
});
