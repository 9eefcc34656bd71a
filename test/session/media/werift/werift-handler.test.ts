import { afterEach, describe, expect, it } from 'vitest';
import { WeriftSessionDescriptionHandler, nodeMediaHandlerFactory, NodeMediaSessionDescriptionHandler, RtpSessionDescriptionHandler, webRtcProfileOffered } from '../../../../src/node.js';
import type { SessionDescriptionHandlerOptions } from '../../../../src/session/index.js';
import { dominantTone, sinePcm } from '../../../support/goertzel.js';
import { capturePcm } from '../../../support/rtp-call.js';
import { mediaExtra } from '../../../../src/api/contexts/call-media-options.js';

// Two Node WebRTC handlers (werift) in one process, on loopback: offer and answer as the session
// layer passes them, ICE and DTLS-SRTP between them, audio written into one's audioInput heard on
// the other's audioOutput, RFC 4733 digits, hold and close.

const SESSION: SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout: 3000, extra: {} };
const OPTIONS = { iceAdditionalHostAddresses: ['127.0.0.1'] };
const handlers: WeriftSessionDescriptionHandler[] = [];

function handler(): WeriftSessionDescriptionHandler {
  const made = new WeriftSessionDescriptionHandler(OPTIONS, SESSION);
  handlers.push(made);
  return made;
}

function connected(h: WeriftSessionDescriptionHandler): Promise<void> {
  return new Promise((resolve) => {
    if (h.peerConnection?.connectionState === 'connected') resolve();
    h.on('connectionStateChange', (state) => state === 'connected' && resolve());
  });
}

/** A call set up: a offers, b answers, both connected. */
async function call(): Promise<{ a: WeriftSessionDescriptionHandler; b: WeriftSessionDescriptionHandler; offer: string; answer: string }> {
  const [a, b] = [handler(), handler()];
  const offer = await a.getDescription();
  await b.setDescription(offer);
  const answer = await b.getDescription();
  await a.setDescription(answer);
  await Promise.all([connected(a), connected(b)]);
  return { a, b, offer: offer.body, answer: answer.body };
}

/** Write `ms` of a tone into `input`, in 20 ms chunks as fast as it takes them. */
function play(input: NodeJS.WritableStream, frequency: number, ms: number): void {
  input.write(sinePcm(frequency, ms));
}

afterEach(() => {
  for (const h of handlers.splice(0)) h.close();
});

describe('Node WebRTC media handler (werift)', () => {
  it('offers G.711 and telephone-events on UDP/TLS/RTP/SAVPF with its candidates, DTLS fingerprint and rtcp-mux; the answer mirrors it', async () => {
    const { offer, answer } = await call();
    expect(offer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8 101\r?$/m);
    expect(offer).toMatch(/^a=rtpmap:101 telephone-event\/8000\r?$/m);
    expect(offer).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
    expect(offer).toMatch(/^a=fingerprint:sha-256 [0-9A-F:]+\r?$/m);
    expect(offer).toMatch(/^a=setup:actpass\r?$/m);
    expect(offer).toMatch(/^a=rtcp-mux\r?$/m);
    expect(answer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8 101\r?$/m);
    expect(answer).toMatch(/^a=setup:(active|passive)\r?$/m);
    expect(answer).toMatch(/^a=sendrecv\r?$/m);
    expect(webRtcProfileOffered(offer)).toBe(true);
  }, 20_000);

  it('audio written into one side comes out of the other, both ways, over SRTP', async () => {
    const { a, b } = await call();
    play(a.audioInput, 697, 1500);
    play(b.audioInput, 1209, 1500);
    const [heardByB, heardByA] = await Promise.all([capturePcm(b.audioOutput, 1200), capturePcm(a.audioOutput, 1200)]);
    expect(dominantTone(heardByB, [697, 1209, 400]).frequency).toBe(697);
    expect(dominantTone(heardByA, [697, 1209, 400]).frequency).toBe(1209);
    expect(a.statistics.packetsReceived).toBeGreaterThan(20);
    expect(b.statistics.packetsReceived).toBeGreaterThan(20);
  }, 20_000);

  it('sends and receives RFC 4733 digits', async () => {
    const { a, b } = await call();
    const digits: string[] = [];
    b.on('dtmf', (tone) => digits.push(tone));
    expect(a.sendDtmf('1#', { duration: 100, interToneGap: 60 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(digits).toEqual(['1', '#']);
  }, 20_000);

  it('hold: our re-offer is sendonly, the answer recvonly, and the held side sends nothing', async () => {
    const { a, b } = await call();
    const reoffer = await a.getDescription({ hold: true });
    expect(reoffer.body).toMatch(/^a=sendonly\r?$/m);
    await b.setDescription(reoffer);
    const reanswer = await b.getDescription();
    expect(reanswer.body).toMatch(/^a=recvonly\r?$/m);
    await a.setDescription(reanswer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = b.statistics.packetsSent;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(b.statistics.packetsSent).toBe(sent);
  }, 20_000);

  it('mute sends silence; close ends the audio output and the peer connection', async () => {
    const { a, b } = await call();
    a.mute();
    play(a.audioInput, 697, 1000);
    const heard = await capturePcm(b.audioOutput, 600);
    expect(heard.length).toBeGreaterThan(0);
    // Decoded μ-law silence is linear 0: not a sample of the tone written.
    expect(heard.every((byte) => byte === 0)).toBe(true);
    const ended = new Promise((resolve) => a.audioOutput.once('end', resolve));
    a.audioOutput.resume();
    a.close();
    await ended;
    expect(a.peerConnection?.connectionState).toBe('closed');
    await expect(a.getDescription()).rejects.toThrow(/closed/);
  }, 20_000);

  it('nodeMediaHandlerFactory picks WebRTC for a UDP/TLS/RTP/SAVPF offer, RTP for an RTP/AVP one, and for our offers what the call asks', async () => {
    const factory = nodeMediaHandlerFactory({ webrtc: OPTIONS });
    const webrtcOffer = await handler().getDescription();
    const forBrowser = factory(SESSION);
    await forBrowser.setDescription(webrtcOffer);
    expect(forBrowser.handler).toBeInstanceOf(WeriftSessionDescriptionHandler);
    handlers.push(forBrowser.handler as WeriftSessionDescriptionHandler);

    const rtp = new RtpSessionDescriptionHandler({});
    const plain = factory(SESSION);
    await plain.setDescription(await rtp.getDescription());
    expect(plain.handler).toBeInstanceOf(RtpSessionDescriptionHandler);
    plain.close();
    rtp.close();

    const asked = factory({ ...SESSION, extra: { media: { webrtc: true } } });
    expect((await asked.getDescription()).body).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
    asked.close();
    const byDefault: NodeMediaSessionDescriptionHandler = factory(SESSION);
    expect((await byDefault.getDescription()).body).toMatch(/^m=audio \d+ RTP\/AVP /m);
    byDefault.close();
    expect(() => byDefault.audioInput).not.toThrow();
    expect(() => factory(SESSION).audioInput).toThrow(/picked/);
  }, 20_000);
});

describe('Node WebRTC media handler: offer/answer corners', () => {
  it('an answer in a 183 (provisional) is applied and the offer stays open; the 2xx repeating it changes nothing', async () => {
    const [a, b] = [handler(), handler()];
    const offer = await a.getDescription();
    await b.setDescription(offer);
    const answer = await b.getDescription();
    await a.setDescription(answer, { provisional: true });
    expect(a.peerConnection?.signalingState).toBe('have-remote-pranswer');
    await a.setDescription(answer);
    expect(a.peerConnection?.signalingState).toBe('stable');
    await Promise.all([connected(a), connected(b)]);
  }, 20_000);

  it('a re-offer the peer refused is rolled back: the next offer has the version after the refused one and the media as before', async () => {
    const { a } = await call();
    const refused = await a.getDescription({ hold: true });
    a.rollbackDescription();
    const next = await a.getDescription();
    expect(a.peerConnection?.signalingState).toBe('have-local-offer');
    expect(next.body).toMatch(/^a=sendrecv\r?$/m);
    const version = (sdp: string): number => Number(/^o=\S+ \S+ (\d+)/m.exec(sdp)![1]);
    expect(version(next.body)).toBe(version(refused.body) + 1);
  }, 20_000);

  it('after a refused hold offer is rolled back, the audio goes on as before (silence when nothing is written, not only what is written)', async () => {
    const { a } = await call();
    await a.getDescription({ hold: true });
    a.rollbackDescription();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = a.statistics.packetsSent;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(a.statistics.packetsSent - sent).toBeGreaterThan(10);
  }, 20_000);

  it('ICE that reaches nothing emits failed (RTP Timeout) after iceConnectionTimeout', async () => {
    const a = new WeriftSessionDescriptionHandler({ ...OPTIONS, iceConnectionTimeout: 1500 }, SESSION);
    handlers.push(a);
    const b = handler();
    const offer = await a.getDescription();
    await b.setDescription(offer);
    const answer = await b.getDescription();
    b.close();
    const failed = new Promise<string>((resolve) => a.on('failed', (cause) => resolve(cause)));
    const applied = Date.now();
    await a.setDescription(answer);
    expect(await failed).toBe('RTP Timeout');
    expect(Date.now() - applied).toBeGreaterThanOrEqual(1400);
    expect(a.peerConnection?.connectionState).not.toBe('connected');
  }, 20_000);

  it('a connected call does not fail when iceConnectionTimeout has passed', async () => {
    const a = new WeriftSessionDescriptionHandler({ ...OPTIONS, iceConnectionTimeout: 1500 }, SESSION);
    handlers.push(a);
    const b = handler();
    const failures: string[] = [];
    a.on('failed', (cause) => failures.push(cause));
    const offer = await a.getDescription();
    await b.setDescription(offer);
    await a.setDescription(await b.getDescription());
    await Promise.all([connected(a), connected(b)]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(failures).toEqual([]);
  }, 20_000);
});

describe('the call option media.webrtc', () => {
  it('reaches the media handler factory as extra.media.webrtc; anything but a boolean is refused before anything is sent', () => {
    expect(mediaExtra({ media: { webrtc: true } })).toEqual({ media: { webrtc: true } });
    expect(mediaExtra({ media: { constraints: { audio: true }, webrtc: false } })).toEqual({ media: { constraints: { audio: true }, webrtc: false } });
    expect(() => mediaExtra({ media: { webrtc: 'yes' as unknown as boolean } })).toThrow(TypeError);
    expect(() => nodeMediaHandlerFactory({ offer: 'sip' as 'rtp' })).toThrow(TypeError);
    expect(() => nodeMediaHandlerFactory({ webrtc: { codecs: ['opus' as 'PCMU'] } })).toThrow(/PCMU and\/or PCMA/);
  });
});
