import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeMediaHandlerFactory, WeriftSessionDescriptionHandler, type NodeMediaSessionDescriptionHandler, type NodeUA } from '../../src/node.js';
import { browserBundle, openPage, serveTestPage, startChromium, type RunningChromium, type TestPageServer } from '../support/chromium.js';
import { dominantTone, sinePcm } from '../support/goertzel.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { capturePcm } from '../support/rtp-call.js';
import { pollUntil, sleep } from '../support/poll.js';

// Issue 10, "What must be shown", WebRTC media in Node: a Node UA whose calls carry WebRTC media
// (the werift handler, picked by `nodeMediaHandlerFactory`) and a browser UA in headless Chromium
// (the script-tag bundle and its default WebRTC handler), both registered through Kamailio over
// WebSocket, call each other in both directions with no media gateway: ICE, DTLS-SRTP and G.711
// between Node and Chromium. Each side receives the other's audio: the Node side detects the beep
// of Chromium's fake microphone on `audioOutput`, the browser's getStats() counts the packets and
// the energy of the Node side's tone; the browser's digits (RFC 4733, from its RTCDTMFSender) reach
// the Node side's `dtmf` event. The BYE closes both.

type PageApi = Window['callTest'];

/**
 * Chromium's fake microphone beeps: a 400 Hz square wave for about 20 ms every 500 ms (measured here:
 * the 40 ms blocks of the audio received that carry anything are dominated by 400 Hz, one every ~500 ms).
 */
const FAKE_MICROPHONE_HZ = 400;
/** What the Node side sends the browser. */
const NODE_TONE_HZ = 1000;
/** The tones looked for: the beep, the Node side's own tone (which must not come back), and others. */
const CANDIDATES = [FAKE_MICROPHONE_HZ, 697, NODE_TONE_HZ, 1633];
/** 40 ms of 16-bit PCM at 8 kHz. */
const BLOCK_BYTES = 640;

/** The 40 ms blocks of `pcm` with a tone in them (power above 0.01), by the candidate that dominates each. */
function toneBlocks(pcm: Buffer): number[] {
  const blocks: number[] = [];
  for (let at = 0; at + BLOCK_BYTES <= pcm.length; at += BLOCK_BYTES) {
    const tone = dominantTone(pcm.subarray(at, at + BLOCK_BYTES), CANDIDATES);
    if (tone.power > 0.01) blocks.push(tone.frequency);
  }
  return blocks;
}

let kamailio: RunningKamailio;
let chromium: RunningChromium;
let server: TestPageServer;
let bob: Page;
let pageErrors: () => string[];
const users = new KamailioUsers(() => kamailio);

function on<K extends keyof PageApi>(page: Page, method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ([name, values]) => (window.callTest[name] as (...a: unknown[]) => unknown)(...values),
    [method, args] as [K, unknown[]],
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
}

/** Alice in Node: registered, her calls' media picked by `nodeMediaHandlerFactory`. */
async function nodeAlice(): Promise<NodeUA> {
  const ua = users.make('alice', { register: true, mediaHandlerFactory: nodeMediaHandlerFactory() });
  ua.start();
  await nextEvent(ua, 'registered');
  return ua;
}

/** The WebRTC handler a call's media went to. */
function webRtcMedia(call: { mediaHandler: unknown }): WeriftSessionDescriptionHandler {
  const handler = (call.mediaHandler as NodeMediaSessionDescriptionHandler).handler;
  if (!(handler instanceof WeriftSessionDescriptionHandler)) throw new Error(`the call's media is not WebRTC: ${String(handler)}`);
  return handler;
}

/** Both ways: the Node side hears the browser's beep, the browser counts packets and energy of the Node side's tone. */
async function expectAudioBothWays(media: WeriftSessionDescriptionHandler): Promise<void> {
  expect(await on(bob, 'connection', 8000)).toBe('connected');
  media.audioInput.write(sinePcm(NODE_TONE_HZ, 4000));
  await sleep(500);
  const heard = await capturePcm(media.audioOutput, 1500);
  expect(heard.length).toBeGreaterThan(1.0 * 16000);
  const tone = dominantTone(heard, CANDIDATES);
  expect(tone.frequency).toBe(FAKE_MICROPHONE_HZ);
  expect(tone.ratio).toBeGreaterThan(10);
  // Beeps, not a stray block: 1.5 s holds three (every 500 ms), each in one or two blocks, all of them the beep.
  const blocks = toneBlocks(heard);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  expect(blocks.every((frequency) => frequency === FAKE_MICROPHONE_HZ)).toBe(true);
  expect(media.statistics.packetsReceived).toBeGreaterThan(40);

  const audio = await pollUntil(() => on(bob, 'inboundAudio'), (a) => a.packets > 0 && a.energy > 0, 5000);
  expect(audio.packets).toBeGreaterThan(0);
  expect(audio.energy).toBeGreaterThan(0);
  const later = await sleep(500).then(() => on(bob, 'inboundAudio'));
  expect(later.packets).toBeGreaterThan(audio.packets);
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
  const opened = await openPage(chromium.browser, server.url);
  bob = opened.page;
  pageErrors = () => opened.errors;
  await on(bob, 'register', 'bob', kamailio.wsUrl, true, 'rtp');
}, 60_000);

afterEach(async () => {
  await users.stopAll();
}, 20_000);

afterAll(async () => {
  await bob?.evaluate(() => window.callTest.stop()).catch(() => undefined);
  await chromium?.stop();
  await server?.close();
  await kamailio?.stop();
}, 30_000);

describe('a Node UA with WebRTC media and a browser UA call each other through Kamailio', () => {
  it('Node calls the browser (media: { webrtc: true }): audio both ways, and the BYE closes both sides', async () => {
    const alice = await nodeAlice();
    const call = alice.invite('bob@example.test', { media: { webrtc: true } });
    await nextEvent(call, 'accepted', 15_000);
    const media = webRtcMedia(call);
    expect(call.request.body).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
    expect(call.request.body).toMatch(/^a=candidate:/m);

    await expectAudioBothWays(media);

    const terminated = nextEvent(call, 'terminated');
    call.bye();
    await terminated;
    await on(bob, 'ended', 5000);
    expect(await on(bob, 'signalingState')).toBe('closed');
    expect(media.peerConnection?.connectionState).toBe('closed');
    expect(media.audioInput.destroyed).toBe(true);
    expect(pageErrors()).toEqual([]);
  }, 45_000);

  it('the browser calls Node: the UDP/TLS/RTP/SAVPF offer gets the WebRTC handler; audio both ways, the browser\'s digits arrive in the media (RFC 4733), and its BYE closes both sides', async () => {
    const alice = await nodeAlice();
    const invited = nextEvent<[{ accept(options?: unknown): unknown; mediaHandler: unknown; on(event: string, listener: () => void): unknown; once(event: string, listener: () => void): unknown }]>(alice, 'invite', 15_000);
    const calling = on(bob, 'call', 'sip:alice@example.test');
    const [session] = await invited;
    session.accept();
    await calling;
    const media = webRtcMedia(session);

    await expectAudioBothWays(media);

    // Digits from the browser in the media: Chromium's RTCDTMFSender sends RFC 4733 events, which
    // the Node side reads out of the SRTP stream (no SIP INFO: the UA's dtmfType is 'rtp').
    const digits: string[] = [];
    media.on('dtmf', (tone) => digits.push(tone));
    await on(bob, 'dtmf', '19#');
    await pollUntil(async () => digits, (received) => received.length >= 3, 5000);
    expect(digits).toEqual(['1', '9', '#']);

    const terminated = nextEvent(session, 'terminated');
    await on(bob, 'hangUp');
    await terminated;
    expect(media.peerConnection?.connectionState).toBe('closed');
    expect(media.audioInput.destroyed).toBe(true);
    expect(pageErrors()).toEqual([]);
  }, 45_000);
});
