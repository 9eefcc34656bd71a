import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle, openPage, serveTestPage, startChromium, type RunningChromium, type TestPageServer } from '../support/chromium.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { pollUntil, sleep } from '../support/poll.js';

// Issue 8, "What must be shown", browser: two browser UAs from the script-tag bundle, each in its
// own page of Debian's headless Chromium, register through Kamailio over WebSocket (RFC 7118) and
// call each other; both peer connections reach `connected`, getStats() shows audio arriving on
// both sides, and the BYE closes them. The pages name no media handler: the browser UA's default
// (the WebRTC handler) makes the calls' media. A third UA runs in a Chromium that refuses every
// getUserMedia, as when the user says no to the microphone.

type PageApi = Window['callTest'];

let kamailio: RunningKamailio;
let chromium: RunningChromium;
let deniedChromium: RunningChromium;
let server: TestPageServer;
let alice: Page;
let bob: Page;
let carol: Page;
let errors: () => string[];

function on<K extends keyof PageApi>(page: Page, method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ([name, values]) => (window.callTest[name] as (...a: unknown[]) => unknown)(...values),
    [method, args] as [K, unknown[]],
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
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
  // Chromium's fake permission UI answering no: getUserMedia rejects with NotAllowedError.
  deniedChromium = await startChromium({ args: ['--use-fake-ui-for-media-stream=deny'] });
  const opened = await Promise.all([openPage(chromium.browser, server.url), openPage(chromium.browser, server.url), openPage(deniedChromium.browser, server.url)]);
  [alice, bob, carol] = opened.map((o) => o.page) as [Page, Page, Page];
  errors = () => opened.flatMap((o) => o.errors);
}, 60_000);

afterAll(async () => {
  for (const page of [alice, bob, carol]) await page?.evaluate(() => window.callTest.stop()).catch(() => undefined);
  await chromium?.stop();
  await deniedChromium?.stop();
  await server?.close();
  await kamailio?.stop();
}, 30_000);

describe('browser calls through Kamailio', () => {
  it('two browser UAs register over WebSocket, call each other with audio both ways, and the BYE closes both peer connections', async () => {
    await Promise.all([on(alice, 'register', 'alice', kamailio.wsUrl, false), on(bob, 'register', 'bob', kamailio.wsUrl, true)]);
    await on(alice, 'call', 'sip:bob@example.test');

    expect(await on(alice, 'connection', 8000)).toBe('connected');
    expect(await on(bob, 'connection', 8000)).toBe('connected');
    // Audio, not just packets: Chromium's fake microphone beeps, so the audio played out (in the
    // `media.render.remote` element: without it Chromium reports no energy) has energy.
    for (const side of [alice, bob]) {
      const heard = await pollUntil(() => on(side, 'inboundAudio'), (audio) => audio.packets > 0 && audio.energy > 0, 5000);
      expect(heard.packets).toBeGreaterThan(0);
      expect(heard.energy).toBeGreaterThan(0);
    }
    // Still flowing: more packets half a second later.
    const [before, after] = [await on(bob, 'inboundAudio'), await sleep(500).then(() => on(bob, 'inboundAudio'))];
    expect(after.packets).toBeGreaterThan(before.packets);

    // The descriptions the peer connections use are the ones carried over SIP through Kamailio.
    const [caller, callee] = [await on(alice, 'evidence'), await on(bob, 'evidence')];
    for (const side of [caller, callee]) {
      expect(side.sentMatchesLocal).toBe(true);
      expect(side.receivedMatchesRemote).toBe(true);
      expect(side.candidatesSent).toBeGreaterThan(0);
      expect(side.localStreams).toEqual([1]);
      expect(side.remoteStreams).toEqual([1]);
      expect(side.rendered).toBe(true);
      expect(side.remotePlaying).toBe(true);
    }
    expect(callee.received).toBe(caller.sent);
    expect(caller.received).toBe(callee.sent);
    expect(callee.recordRoute).toContain(`127.0.0.1:${kamailio.ports.ws}`);

    await on(alice, 'hangUp');
    await on(bob, 'ended', 5000);
    expect(await on(alice, 'signalingState')).toBe('closed');
    expect(await on(bob, 'signalingState')).toBe('closed');
    expect(await on(alice, 'localTracksEnded')).toBe(true);
    expect(await on(bob, 'localTracksEnded')).toBe(true);
    // `terminated` exactly once; legacy contexts may report the 100 Trying as `progress`.
    const story = (events: string[]): string[] => events.filter((event) => event !== 'progress');
    expect(story(await on(alice, 'events'))).toEqual(['accepted', 'bye', 'terminated']);
    expect(story(await on(bob, 'events'))).toEqual(['accepted', 'confirmed', 'bye', 'terminated']);
    expect(errors()).toEqual([]);
  }, 40_000);

  it('microphone refused: the callee answers 480 and fails with USER_DENIED_MEDIA_ACCESS; as caller it fails likewise and sends no INVITE', async () => {
    await on(carol, 'register', 'carol', kamailio.wsUrl, true);
    const story = (events: string[]): string[] => events.filter((event) => event !== 'progress');

    expect(story(await on(alice, 'callToTheEnd', 'sip:carol@example.test', 10_000))).toEqual(['failed 480 Unavailable', 'terminated']);
    expect(await on(carol, 'incomingInvites')).toBe(1);
    expect(story(await on(carol, 'events'))).toEqual(['failed 480 User Denied Media Access', 'terminated']);

    expect(story(await on(carol, 'callToTheEnd', 'sip:alice@example.test', 10_000))).toEqual(['failed - User Denied Media Access', 'terminated']);
    await sleep(500);
    expect(await on(alice, 'incomingInvites')).toBe(0);
    expect(errors()).toEqual([]);
  }, 40_000);
});
