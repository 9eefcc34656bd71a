import alawmulaw from 'alawmulaw';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtpSessionDescriptionHandler, type RtpSessionDescriptionHandlerOptions } from '../../../../src/session/media/rtp/index.js';
import { parseCompoundRtcp, writeCompoundReport } from '../../../../src/session/media/rtp/rtcp-packet.js';
import { parseRtpPacket, writeRtpHeader } from '../../../../src/session/media/rtp/rtp-packet.js';
import { FakeClock } from '../../../../src/transport/fake-clock.js';
import { FakeMediaSockets } from '../../../support/fake-media-sockets.js';

const PEER = { address: '192.0.2.10', port: 30000 };
const SDP = 'application/sdp';
const MEDIA = 'm=audio 30000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n';

function peerSdp(media = MEDIA, version = 1, address = PEER.address): { body: string; contentType: string } {
  return { body: `v=0\r\no=peer 777 ${version} IN IP4 ${address}\r\ns=-\r\nc=IN IP4 ${address}\r\nt=0 0\r\n${media}`, contentType: SDP };
}

/** A handler that answered the peer's offer (or whose offer the peer answered), on a fake clock and fake sockets. */
async function negotiated(options: RtpSessionDescriptionHandlerOptions = {}, media = MEDIA, weOffer = false) {
  const clock = new FakeClock(1_000_000);
  const sockets = new FakeMediaSockets();
  const h = new RtpSessionDescriptionHandler({ clock, socketFactory: sockets.factory, ...options });
  if (weOffer) {
    await h.getDescription();
    await h.setDescription(peerSdp(media));
  } else {
    await h.setDescription(peerSdp(media));
    await h.getDescription();
  }
  return { h, clock, sockets };
}

function packets(sockets: FakeMediaSockets) {
  return sockets.rtp().map((d) => ({ ...parseRtpPacket(d.data)!, to: d.to }));
}

function rtp(payloadType: number, sequenceNumber: number, timestamp: number, payload: Buffer, ssrc = 0xabcdef01, marker = false): Buffer {
  const data = Buffer.alloc(12 + payload.length);
  writeRtpHeader(data, { payloadType, marker, sequenceNumber, timestamp, ssrc });
  payload.copy(data, 12);
  return data;
}

function pcm(samples: number[]): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => out.writeInt16LE(s, i * 2));
  return out;
}

describe('RTP handler on the wire (fake clock, fake sockets)', () => {
  it('sends a packet every 20 ms: sequence +1, timestamp +160, one SSRC, marker on the first only (RFC 3550 §5.1, RFC 3551 §4.1)', async () => {
    const { h, clock, sockets } = await negotiated();
    clock.advance(19);
    expect(packets(sockets)).toHaveLength(0);
    clock.advance(1);
    expect(packets(sockets)).toHaveLength(1);
    clock.advance(80);
    const sent = packets(sockets);
    expect(sent).toHaveLength(5);
    for (let i = 1; i < sent.length; i++) {
      expect(sent[i]!.sequenceNumber).toBe((sent[0]!.sequenceNumber + i) & 0xffff);
      expect(sent[i]!.timestamp).toBe((sent[0]!.timestamp + 160 * i) >>> 0);
      expect(sent[i]!.ssrc).toBe(sent[0]!.ssrc);
    }
    expect(sent.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(sent.every((p) => p.payloadType === 0 && p.payload.length === 160 && p.to.address === PEER.address && p.to.port === PEER.port)).toBe(true);
    h.close();
  });

  it('nothing written: PCMU silence (0xff) goes out; what is written goes out encoded, 160 samples a packet', async () => {
    const { h, clock, sockets } = await negotiated();
    clock.advance(20);
    expect(packets(sockets)[0]!.payload.equals(Buffer.alloc(160, 0xff))).toBe(true);
    h.audioInput.write(pcm(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 8000 : -8000))));
    clock.advance(40);
    const [, full, partial] = packets(sockets);
    // μ-law as alawmulaw encodes it; the 40 samples left are padded with silence.
    const plus = alawmulaw.mulaw.encodeSample(8000) & 0xff;
    const minus = alawmulaw.mulaw.encodeSample(-8000) & 0xff;
    expect([plus, minus]).toEqual([0xa0, 0x20]);
    expect(full!.payload.subarray(0, 4)).toEqual(Buffer.from([plus, minus, plus, minus]));
    expect(partial!.payload.subarray(0, 40).every((b, i) => b === (i % 2 === 0 ? plus : minus))).toBe(true);
    expect(partial!.payload.subarray(40).every((b) => b === 0xff)).toBe(true);
    h.close();
  });

  it('sends with the codec first in the answer: PCMA, whose silence is 0xd5', async () => {
    const { h, clock, sockets } = await negotiated({}, 'm=audio 30000 RTP/AVP 8 0\r\n');
    clock.advance(20);
    expect(packets(sockets)[0]).toMatchObject({ payloadType: 8 });
    expect(packets(sockets)[0]!.payload.every((b) => b === 0xd5)).toBe(true);
    h.close();
  });

  it('paces a large write in real time: one packet per tick, no burst, and the write is acknowledged as frames go out', async () => {
    const { h, clock, sockets } = await negotiated();
    let acknowledged = false;
    h.audioInput.write(Buffer.alloc(320 * 50, 0x10), () => (acknowledged = true));
    clock.advance(200);
    expect(packets(sockets)).toHaveLength(10);
    await Promise.resolve();
    expect(acknowledged).toBe(false);
    clock.advance(800);
    await new Promise((r) => setImmediate(r));
    expect(packets(sockets)).toHaveLength(50);
    expect(acknowledged).toBe(true);
    h.close();
  });

  it('after a stall of the event loop it skips the missed frames rather than bursting, and marks the new talkspurt', async () => {
    // A FakeClock fires each timer on time; this one's `now` can jump ahead of its timers, as when a blocked loop runs them late.
    const fake = new FakeClock(1_000_000);
    let late = 0;
    const clock = { now: () => fake.now() + late, setTimeout: fake.setTimeout.bind(fake), clearTimeout: fake.clearTimeout.bind(fake) };
    const sockets = new FakeMediaSockets();
    const h = new RtpSessionDescriptionHandler({ clock, socketFactory: sockets.factory });
    await h.setDescription(peerSdp());
    await h.getDescription();
    fake.advance(20);
    const before = packets(sockets).length;
    late = 500;
    fake.advance(20);
    const after = packets(sockets).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]!.marker).toBe(true);
    expect(after[0]!.timestamp - packets(sockets)[0]!.timestamp).toBe(26 * 160);
    h.close();
  });

  it('on hold nothing goes out: answering a sendonly offer (we only receive), or an inactive one', async () => {
    for (const direction of ['sendonly', 'inactive']) {
      const { h, clock, sockets } = await negotiated({}, `${MEDIA}a=${direction}\r\n`);
      h.audioInput.write(Buffer.alloc(3200));
      clock.advance(1000);
      expect(packets(sockets)).toHaveLength(0);
      expect(h.sendDtmf('1', { duration: 100, interToneGap: 50 })).toBe(false);
      h.close();
    }
  });

  it('holding the call ourselves (sendonly), only what is written goes out — no silence — and sending resumes with the marker on unhold', async () => {
    const { h, clock, sockets } = await negotiated({}, MEDIA, true);
    clock.advance(40);
    await h.getDescription({ hold: true });
    await h.setDescription(peerSdp(`${MEDIA}a=recvonly\r\n`, 2));
    const before = packets(sockets).length;
    clock.advance(200);
    expect(packets(sockets).length).toBe(before);
    h.audioInput.write(Buffer.alloc(640, 0x20)); // music on hold: two frames
    clock.advance(200);
    expect(packets(sockets).slice(before).map((p) => p.marker)).toEqual([true, false]);
    await h.getDescription();
    await h.setDescription(peerSdp(MEDIA, 3));
    clock.advance(60);
    const resumed = packets(sockets).slice(before + 2);
    expect(resumed.map((p) => p.marker)).toEqual([true, false, false]);
    h.close();
  });

  it('a peer at c=0.0.0.0 (old-style hold) gets nothing', async () => {
    const { h, clock, sockets } = await negotiated({}, MEDIA, false);
    await h.setDescription(peerSdp(MEDIA, 2, '0.0.0.0'));
    await h.getDescription();
    const before = packets(sockets).length;
    clock.advance(200);
    expect(packets(sockets).length).toBe(before);
    h.close();
  });

  it('mute sends silence in place of what is written, keeping the stream', async () => {
    const { h, clock, sockets } = await negotiated();
    h.mute();
    h.audioInput.write(Buffer.alloc(640, 0x40));
    clock.advance(40);
    h.unmute();
    h.audioInput.write(Buffer.alloc(320, 0x40));
    clock.advance(20);
    const [a, b, c] = packets(sockets);
    expect(a!.payload.every((x) => x === 0xff) && b!.payload.every((x) => x === 0xff)).toBe(true);
    expect(c!.payload.every((x) => x === 0xff)).toBe(false);
    h.close();
  });

  it('sends DTMF as telephone-events with the negotiated type, replacing the audio, the end three times (RFC 4733 §2.5)', async () => {
    const { h, clock, sockets } = await negotiated({}, 'm=audio 30000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n');
    clock.advance(20);
    expect(h.sendDtmf('9#', { duration: 60, interToneGap: 60 })).toBe(true);
    clock.advance(260);
    const sent = packets(sockets).slice(1);
    expect(sent.map((p) => (p.payloadType === 96 ? `${p.marker ? 'M' : '-'}${p.payload.toString('hex')}` : 'audio'))).toEqual([
      'M090a00a0',
      '-090a0140',
      '-098a01e0',
      '-098a01e0',
      '-098a01e0',
      'audio', // the 60 ms gap: two end retransmissions and one frame of audio
      'M0b0a00a0',
      '-0b0a0140',
      '-0b8a01e0',
      '-0b8a01e0',
      '-0b8a01e0',
      'audio',
      'audio',
    ]);
    // Every packet of an event carries its start timestamp; the sequence runs on through all.
    expect(new Set(sent.slice(0, 5).map((p) => p.timestamp)).size).toBe(1);
    expect(sent[6]!.timestamp - sent[0]!.timestamp).toBe(6 * 160);
    sent.forEach((p, i) => expect(p.sequenceNumber).toBe((sent[0]!.sequenceNumber + i) & 0xffff));
    h.close();
  });

  it('sendDtmf is false without negotiated telephone-events, and refuses bad tones or durations', async () => {
    const { h } = await negotiated({}, 'm=audio 30000 RTP/AVP 0\r\n');
    expect(h.sendDtmf('1', { duration: 100, interToneGap: 50 })).toBe(false);
    expect(() => h.sendDtmf('1x', { duration: 100, interToneGap: 50 })).toThrow(TypeError);
    expect(() => h.sendDtmf('1', { duration: 0, interToneGap: 50 })).toThrow(RangeError);
    expect(() => h.sendDtmf('1', { duration: 9000, interToneGap: 50 })).toThrow(RangeError);
    h.close();
  });

  it('decodes received audio onto audioOutput in sequence order, after the jitter buffer', async () => {
    const { h, clock, sockets } = await negotiated();
    const out: Buffer[] = [];
    h.audioOutput.on('data', (chunk: Buffer) => out.push(chunk));
    const frame = (value: number) => Buffer.alloc(160, value);
    sockets.deliverRtp(rtp(0, 10, 1600, frame(0x8f)), PEER);
    sockets.deliverRtp(rtp(0, 12, 1920, frame(0x0f)), PEER);
    sockets.deliverRtp(rtp(0, 11, 1760, frame(0xff)), PEER);
    sockets.deliverRtp(rtp(8, 13, 2080, frame(0xd5)), PEER); // PCMA, also offered
    sockets.deliverRtp(rtp(18, 14, 2240, frame(0x00)), PEER); // not negotiated: dropped
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    const samples = out.map((b) => b.readInt16LE(0));
    expect(samples).toEqual([alawmulaw.mulaw.decodeSample(0x8f), 0, alawmulaw.mulaw.decodeSample(0x0f), alawmulaw.alaw.decodeSample(0xd5)]);
    expect(out.every((b) => b.length === 320)).toBe(true);
    expect(h.statistics).toMatchObject({ packetsReceived: 4, packetsLost: 0 });
    h.close();
  });

  it('fills a lost packet with silence once the jitter buffer gives up on it', async () => {
    const { h, clock, sockets } = await negotiated({ jitterBufferDelay: 40 });
    const out: Buffer[] = [];
    h.audioOutput.on('data', (chunk: Buffer) => out.push(chunk));
    sockets.deliverRtp(rtp(0, 1, 0, Buffer.alloc(160, 0x8f)), PEER);
    sockets.deliverRtp(rtp(0, 3, 320, Buffer.alloc(160, 0x8f)), PEER);
    clock.advance(20);
    await new Promise((r) => setImmediate(r));
    expect(out).toHaveLength(1);
    clock.advance(40);
    await new Promise((r) => setImmediate(r));
    expect(out.map((b) => b.length)).toEqual([320, 320, 320]);
    expect(out[1]!.every((x) => x === 0)).toBe(true);
    h.close();
  });

  it('ignores datagrams that are not valid RTP, without throwing', async () => {
    const { h, sockets } = await negotiated();
    for (const junk of [Buffer.alloc(0), Buffer.from('hello world!!'), Buffer.alloc(12, 0xff), Buffer.from('80c8000100', 'hex')]) sockets.deliverRtp(junk, PEER);
    sockets.deliverRtcp(Buffer.from('garbage'), PEER);
    expect(h.statistics.packetsReceived).toBe(0);
    h.close();
  });

  it('survives arbitrary datagrams on both ports, valid RTP headers with random payloads included', async () => {
    const { h, clock, sockets } = await negotiated();
    const header = fc.record({ payloadType: fc.constantFrom(0, 8, 101, 200 - 128), marker: fc.boolean(), sequenceNumber: fc.nat(0xffff), timestamp: fc.nat(), ssrc: fc.constantFrom(1, 2) });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.option(header), fc.boolean(), (bytes, fields, toRtcp) => {
        const data = Buffer.from(bytes.length >= 12 ? bytes : new Uint8Array(bytes));
        if (fields !== null && data.length >= 12) writeRtpHeader(data, fields);
        if (toRtcp) sockets.deliverRtcp(data, PEER);
        else sockets.deliverRtp(data, PEER);
        clock.advance(20);
      }),
      { numRuns: 2000 },
    );
    h.close();
  });

  it('emits dtmf once per received event, in order (RFC 4733 §2.5.2)', async () => {
    const { h, clock, sockets } = await negotiated();
    const tones: Array<[string, number]> = [];
    h.on('dtmf', (tone, duration) => tones.push([tone, duration]));
    let seq = 100;
    for (const [code, ts] of [[1, 8000], [2, 16000], [3, 24000], [11, 32000]] as const) {
      for (const [end, duration] of [[false, 160], [false, 320], [true, 480], [true, 480], [true, 480]] as const) {
        sockets.deliverRtp(rtp(101, seq++, ts, Buffer.from([code, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff])), PEER);
      }
    }
    clock.advance(20);
    expect(tones).toEqual([['1', 60], ['2', 60], ['3', 60], ['#', 60]]);
    h.close();
  });

  it('symmetric RTP: once the peer’s RTP arrives, we send to where it comes from (RFC 4961)', async () => {
    const { h, clock, sockets } = await negotiated();
    clock.advance(20);
    const nat = { address: '198.51.100.7', port: 61000 };
    sockets.deliverRtp(rtp(0, 1, 0, Buffer.alloc(160, 0xff)), nat);
    clock.advance(20);
    expect(packets(sockets).map((p) => `${p.to.address}:${p.to.port}`)).toEqual([`${PEER.address}:${PEER.port}`, `${nat.address}:${nat.port}`]);
    h.close();
  });

  it('no RTP for rtpTimeout seconds: rtpTimeout, then failed RTP_TIMEOUT, once; not while on hold', async () => {
    const { h, clock, sockets } = await negotiated({ rtpTimeout: 2 });
    const events: string[] = [];
    h.on('rtpTimeout', () => events.push('rtpTimeout'));
    h.on('failed', (cause) => events.push(`failed ${cause}`));
    clock.advance(1500);
    sockets.deliverRtp(rtp(0, 1, 0, Buffer.alloc(160, 0xff)), PEER);
    clock.advance(1980);
    expect(events).toEqual([]);
    clock.advance(40);
    expect(events).toEqual(['rtpTimeout', 'failed RTP_TIMEOUT']);
    clock.advance(5000);
    expect(events).toHaveLength(2);
    h.close();

    const held = await negotiated({ rtpTimeout: 2 }, `${MEDIA}a=sendonly\r\n`);
    const heldEvents: string[] = [];
    held.h.on('failed', (cause) => heldEvents.push(cause));
    held.clock.advance(5000);
    expect(heldEvents).toEqual([]);
    held.h.close();
  });

  it('sends RTCP to the port after the peer’s RTP port: an SR with a report block about the peer, every 5 s or so (RFC 3550 §6.2, §6.4)', async () => {
    const { h, clock, sockets } = await negotiated();
    sockets.deliverRtp(rtp(0, 1, 0, Buffer.alloc(160, 0xff), 0x55555555), PEER);
    clock.advance(1000);
    expect(sockets.rtcp()).toHaveLength(0);
    clock.advance(2100);
    const first = sockets.rtcp(); // the first within [0.5, 1.5] × 2.5 s / (e − 1.5): 1.03–3.08 s
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first[0]!.to).toEqual({ address: PEER.address, port: PEER.port + 1 });
    const report = parseCompoundRtcp(first[0]!.data)!;
    expect(report.senderReports).toHaveLength(1);
    expect(report.reports[0]).toMatchObject({ ssrc: 0x55555555, cumulativeLost: 0 });
    expect(first[0]!.data[0]! & 0x1f).toBe(1);
    // RFC 3550 §6.3.1, A.7: 5 s randomised over [0.5, 1.5] and divided by e − 3/2.
    const times: number[] = [];
    for (let t = 0; t < 30_000; t += 20) {
      const count = sockets.rtcp().length;
      clock.advance(20);
      if (sockets.rtcp().length > count) times.push(clock.now());
    }
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(Math.floor(2500 / (Math.E - 1.5)));
      expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(Math.ceil(7500 / (Math.E - 1.5)) + 20);
    }
    h.close();
    const bye = parseCompoundRtcp(sockets.rtcp().at(-1)!.data)!;
    expect(bye.byes).toEqual([packets(sockets)[0]!.ssrc]);
  });

  it('honours a=rtcp (RFC 3605) and sends RTCP from the RTP port when rtcp-mux was agreed (RFC 5761)', async () => {
    const { h, clock, sockets } = await negotiated({}, `${MEDIA}a=rtcp:40999\r\n`);
    clock.advance(4000);
    expect(sockets.rtcp()[0]!.to).toEqual({ address: PEER.address, port: 40999 });
    h.close();
    const mux = await negotiated({}, `${MEDIA}a=rtcp-mux\r\n`);
    mux.clock.advance(4000);
    expect(mux.sockets.rtcp()[0]!.to).toEqual(PEER);
    mux.h.close();
  });

  it('a peer’s SR is reflected in our next report (LSR, DLSR: RFC 3550 §6.4.1)', async () => {
    const { h, clock, sockets } = await negotiated();
    sockets.deliverRtp(rtp(0, 1, 0, Buffer.alloc(160, 0xff), 0x77), PEER);
    const sr = writeCompoundReport({ ssrc: 0x77, cname: 'peer', sender: { wallClockMs: 1_000_000, rtpTimestamp: 0, packetCount: 1, octetCount: 160 }, reports: [] });
    sockets.deliverRtcp(sr, { ...PEER, port: PEER.port + 1 });
    clock.advance(4000);
    const block = parseCompoundRtcp(sockets.rtcp()[0]!.data)!.reports[0]!;
    expect(block.lastSenderReport).toBe(parseCompoundRtcp(sr)!.senderReports[0]!.ntpMiddle);
    expect(block.delaySinceLastSenderReport).toBeGreaterThan(0);
    h.close();
  });

  it('close stops the timer and ends audioOutput', async () => {
    const { h, clock, sockets } = await negotiated();
    let ended = false;
    h.audioOutput.on('end', () => (ended = true)).resume();
    h.close();
    const sent = sockets.sent.length;
    clock.advance(10_000);
    expect(sockets.sent.length).toBe(sent);
    expect(clock.pending).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(true);
    expect(sockets.closed).toBe(true);
  });
});
