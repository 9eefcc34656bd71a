import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle, openPage, serveTestPage, startChromium, type RunningChromium, type TestPageServer } from '../support/chromium.js';
import { pollUntil, sleep } from '../support/poll.js';

// The WebRTC media handler (src/session/media/webrtc) in Debian's headless Chromium: two handlers
// in one page make offers and answers through the SessionDescriptionHandler API alone (no SIP) and
// carry real audio (Chromium's fake microphone) between two RTCPeerConnections.

type PageApi = Window['webrtcTest'];

let chromium: RunningChromium;
let server: TestPageServer;
let page: Page;
let errors: string[];

function call<K extends keyof PageApi>(method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ([name, values]) => (window.webrtcTest[name] as (...a: unknown[]) => unknown)(...values),
    [method, args] as [K, unknown[]],
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
}


const directions = (sdp: string): string[] => sdp.split('\r\n').filter((line) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line));
const originVersion = (sdp: string): number => Number(/^o=\S+ \S+ (\d+) /m.exec(sdp)?.[1]);

/** Two handlers `a` and `b`, connected, each receiving the other's audio. */
async function connectedPair(): Promise<{ offer: string; answer: string }> {
  await call('create', 'a');
  await call('create', 'b');
  const bodies = await call('negotiate', 'a', 'b');
  expect(await call('waitForConnection', 'a', 'connected', 5000)).toBe('connected');
  expect(await call('waitForConnection', 'b', 'connected', 5000)).toBe('connected');
  expect(await pollUntil(() => call('inboundAudioPackets', 'a'), (n) => n > 0, 3000)).toBeGreaterThan(0);
  expect(await pollUntil(() => call('inboundAudioPackets', 'b'), (n) => n > 0, 3000)).toBeGreaterThan(0);
  return bodies;
}

beforeAll(async () => {
  const code = await browserBundle(fileURLToPath(new URL('./pages/webrtc-handlers-page.ts', import.meta.url)));
  server = await serveTestPage([{ name: 'webrtc-handlers-page.js', code }]);
  chromium = await startChromium();
  ({ page, errors } = await openPage(chromium.browser, server.url));
}, 30_000);

afterEach(async () => {
  // Every test's handlers are closed, so the next starts with no peer connection left running.
  await page.evaluate(() => {
    for (const name of ['a', 'b']) {
      try {
        window.webrtcTest.close(name);
      } catch {
        // not made by this test
      }
    }
  });
});

afterAll(async () => {
  await chromium?.stop();
  await server?.close();
});

describe('WebRTC media handler in Chromium', () => {
  it('offers and answers complete descriptions, connects, and each side receives the other\'s audio', async () => {
    const { offer, answer } = await connectedPair();
    // No trickle over SIP: the candidates are in the bodies themselves.
    expect(offer).toMatch(/^a=candidate:/m);
    expect(answer).toMatch(/^a=candidate:/m);
    expect(directions(offer)).toEqual(['a=sendrecv']);
    expect(directions(answer)).toEqual(['a=sendrecv']);
    expect(await call('streams', 'a')).toEqual({ local: ['audio:live'], remote: ['audio:live'] });
    expect(await call('streams', 'b')).toEqual({ local: ['audio:live'], remote: ['audio:live'] });
    const events = await call('events', 'a');
    for (const event of ['userMediaRequest', 'userMedia', 'iceGathering', 'iceGatheringComplete', 'getDescription', 'setDescription', 'iceConnectionChecking', 'iceConnectionConnected', 'addStream']) {
      expect(events).toContain(event);
    }
    expect(errors).toEqual([]);
  });

  it('holds with sendonly (inactive when the peer holds too): no audio flows either way until unhold', async () => {
    const first = await connectedPair();
    const hold = await call('negotiate', 'a', 'b', { hold: true });
    expect(directions(hold.offer)).toEqual(['a=sendonly']);
    expect(directions(hold.answer)).toEqual(['a=recvonly']);
    // RFC 3264 §8: same session, version one higher.
    expect(originVersion(hold.offer)).toBe(originVersion(first.offer) + 1);
    await sleep(300);
    const [a, b] = [await call('inboundAudioPackets', 'a'), await call('inboundAudioPackets', 'b')];
    await sleep(600);
    expect(await call('inboundAudioPackets', 'a')).toBe(a);
    expect(await call('inboundAudioPackets', 'b')).toBe(b);

    // RFC 6337 §5.3: b holds as well, while a holds it: inactive, answered inactive.
    const both = await call('negotiate', 'b', 'a', { hold: true, answerHold: true });
    expect(directions(both.offer)).toEqual(['a=inactive']);
    expect(directions(both.answer)).toEqual(['a=inactive']);

    const unhold = await call('negotiate', 'a', 'b');
    expect(directions(unhold.offer)).toEqual(['a=sendrecv']);
    expect(directions(unhold.answer)).toEqual(['a=sendrecv']);
    expect(await pollUntil(() => call('inboundAudioPackets', 'a'), (n) => n > a, 3000)).toBeGreaterThan(a);
    expect(await pollUntil(() => call('inboundAudioPackets', 'b'), (n) => n > b, 3000)).toBeGreaterThan(b);
  });

  it('sends DTMF through the RTCDTMFSender when telephone-event was negotiated, and declines when not', async () => {
    await connectedPair();
    expect(await call('sendDtmf', 'a', '12#', 100, 70)).toBe(true);
    expect(await pollUntil(() => call('tones', 'a'), (tones) => tones.includes(''), 3000)).toEqual(['1', '2', '#', '']);

    await call('close', 'a');
    await call('close', 'b');
    await call('create', 'a');
    await call('create', 'b');
    await call('negotiate', 'a', 'b', { answerWithoutTelephoneEvent: true });
    expect(await call('sendDtmf', 'a', '1', 100, 70)).toBe(false);
  });

  it('takes the peer\'s offer while its own is out (glare): its offer is rolled back, the call goes on', async () => {
    await connectedPair();
    const ours = await call('describe', 'a', true);
    const theirs = await call('describe', 'b', false);
    expect(ours).toMatch(/^a=setup:actpass$/m);
    expect(theirs).toMatch(/^a=setup:actpass$/m);
    // RFC 3261 §14.1: b answers 491 to ours; a takes b's offer and answers it.
    expect(await call('setDescription', 'a', theirs)).toBe('ok');
    const answer = await call('describe', 'a', false);
    expect(directions(answer)).toEqual(['a=sendrecv']);
    expect(await call('setDescription', 'b', answer)).toBe('ok');
    expect(await call('states', 'a')).toEqual({ connection: 'connected', iceConnection: 'connected', signaling: 'stable' });
    const before = await call('inboundAudioPackets', 'b');
    expect(await pollUntil(() => call('inboundAudioPackets', 'b'), (n) => n > before, 3000)).toBeGreaterThan(before);
  });

  it('refuses a description it cannot use with IncompatibleDescriptionError', async () => {
    await call('create', 'a');
    // RTP/AVP without DTLS: a browser cannot take plain RTP (RFC 8827 §6.5).
    const plain = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n';
    expect(await call('setDescription', 'a', plain)).toBe('IncompatibleDescriptionError');
    const unknownCodec = plain.replace('RTP/AVP 0 101', 'UDP/TLS/RTP/SAVPF 96').replace(/a=rtpmap.*\r\n/, 'a=rtpmap:96 foo/8000\r\n');
    expect(await call('setDescription', 'a', unknownCodec)).toBe('IncompatibleDescriptionError');
  });

  it('close() stops the tracks and closes both peer connections; no description after it', async () => {
    await connectedPair();
    await call('close', 'a');
    await call('close', 'b');
    expect(await call('states', 'a')).toEqual({ connection: 'closed', iceConnection: 'closed', signaling: 'closed' });
    expect(await call('states', 'b')).toEqual({ connection: 'closed', iceConnection: 'closed', signaling: 'closed' });
    expect((await call('streams', 'a')).local).toEqual(['audio:ended']);
    expect(await call('events', 'a')).toContain('iceConnectionClosed');
    expect(await call('getDescriptionError', 'a')).toBe('the media handler is closed');
  });
});
