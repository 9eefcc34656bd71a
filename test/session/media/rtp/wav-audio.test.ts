import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import alawmulaw from 'alawmulaw';
import wavefile from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import { RtpSessionDescriptionHandler } from '../../../../src/session/media/rtp/index.js';
import { parseRtpPacket, writeRtpHeader } from '../../../../src/session/media/rtp/rtp-packet.js';
import { readWavAsTelephonePcm, writeTelephonePcmAsWav } from '../../../../src/session/media/rtp/wav-audio.js';
import { FakeClock } from '../../../../src/transport/fake-clock.js';
import { FakeMediaSockets } from '../../../support/fake-media-sockets.js';
import { dominantTone, pcmSamples, sinePcm } from '../../../support/goertzel.js';

const dir = mkdtempSync(join(tmpdir(), 'sipforge-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sine(frequency: number, rate: number, seconds: number, amplitude = 0.5): number[] {
  return Array.from({ length: rate * seconds }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

function wavFile(name: string, make: (wav: InstanceType<typeof wavefile.WaveFile>) => void): string {
  const wav = new wavefile.WaveFile();
  make(wav);
  const path = join(dir, name);
  writeFileSync(path, wav.toBuffer());
  return path;
}

const toInt16 = (samples: number[]): Int16Array => Int16Array.from(samples, (s) => Math.round(s * 32767));

describe('WAV files as 8 kHz mono 16-bit PCM', () => {
  it('reads 8 kHz mono 16-bit as it is', async () => {
    const path = wavFile('plain.wav', (w) => w.fromScratch(1, 8000, '16', toInt16(sine(1000, 8000, 1))));
    const pcm = await readWavAsTelephonePcm(path);
    expect(pcm.length).toBe(16000);
    expect(pcmSamples(pcm)).toEqual(toInt16(sine(1000, 8000, 1)));
  });

  it('resamples 16 kHz stereo to 8 kHz mono, averaging the channels', async () => {
    const left = toInt16(sine(1000, 16000, 1));
    const right = toInt16(sine(1000, 16000, 1, 0.25));
    const path = wavFile('stereo16k.wav', (w) => w.fromScratch(2, 16000, '16', [left, right]));
    const pcm = await readWavAsTelephonePcm(path);
    expect(pcm.length / 2).toBeCloseTo(8000, -1);
    const tone = dominantTone(pcm.subarray(800, 15200), [440, 1000, 2000, 3000]);
    expect(tone.frequency).toBe(1000);
    // Mean of 0.5 and 0.25 amplitude: 0.375, power ≈ 0.14.
    expect(tone.power).toBeGreaterThan(0.1);
    expect(tone.power).toBeLessThan(0.18);
  });

  it('converts 44.1 kHz 32-bit float and 8 kHz μ-law', async () => {
    const float = wavFile('float.wav', (w) => w.fromScratch(1, 44100, '32f', sine(440, 44100, 1)));
    expect(dominantTone(await readWavAsTelephonePcm(float), [440, 1000]).frequency).toBe(440);
    const mulaw = wavFile('mulaw.wav', (w) => {
      w.fromScratch(1, 8000, '16', toInt16(sine(1000, 8000, 1)));
      w.toMuLaw();
    });
    const pcm = await readWavAsTelephonePcm(mulaw);
    expect(pcm.length).toBe(16000);
    expect(dominantTone(pcm, [440, 1000]).frequency).toBe(1000);
  });

  it('refuses a file that is not WAV, naming it', async () => {
    const path = join(dir, 'not.wav');
    writeFileSync(path, 'hello, not a RIFF file');
    await expect(readWavAsTelephonePcm(path)).rejects.toThrow(/not\.wav is not a WAV file/);
    await expect(readWavAsTelephonePcm(join(dir, 'missing.wav'))).rejects.toThrow(/ENOENT/);
  });

  it('writes PCM as an 8 kHz mono 16-bit WAV file that reads back the same', async () => {
    const path = join(dir, 'out.wav');
    const pcm = sinePcm(440, 500);
    await writeTelephonePcmAsWav(path, pcm);
    const wav = new wavefile.WaveFile(readFileSync(path));
    expect(wav.fmt).toMatchObject({ audioFormat: 1, numChannels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect((await readWavAsTelephonePcm(path)).equals(pcm)).toBe(true);
  });
});

describe('playWav / recordWav on the handler', () => {
  async function negotiated() {
    const clock = new FakeClock();
    const sockets = new FakeMediaSockets();
    const h = new RtpSessionDescriptionHandler({ clock, socketFactory: sockets.factory });
    await h.setDescription({ body: 'v=0\r\no=p 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n', contentType: 'application/sdp' });
    await h.getDescription();
    return { h, clock, sockets };
  }

  it('playWav sends the file’s audio, 160 samples a packet, and resolves once the last has gone out', async () => {
    const samples = toInt16(sine(1000, 8000, 0.1)); // 800 samples: five packets
    const path = wavFile('play.wav', (w) => w.fromScratch(1, 8000, '16', samples));
    const { h, clock, sockets } = await negotiated();
    let done = false;
    const playing = h.playWav(path).then(() => (done = true));
    for (let i = 0; i < 1000 && !(await queued(h)); i++); // the file is read before its audio is queued
    clock.advance(80);
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    clock.advance(20);
    await playing;
    const payload = Buffer.concat(sockets.rtp().map((d) => parseRtpPacket(d.data)!.payload));
    expect(payload.subarray(0, 800)).toEqual(Buffer.from(alawmulaw.mulaw.encode(samples)));
    h.close();
  });

  it('recordWav writes what audioOutput carried when stopped', async () => {
    const { h, clock, sockets } = await negotiated();
    const path = join(dir, 'recorded.wav');
    const recording = h.recordWav(path);
    const tone = alawmulaw.mulaw.encode(toInt16(sine(440, 8000, 0.2)));
    for (let i = 0; i < 10; i++) {
      const packet = Buffer.alloc(172);
      writeRtpHeader(packet, { payloadType: 0, marker: i === 0, sequenceNumber: i, timestamp: i * 160, ssrc: 9 });
      Buffer.from(tone.subarray(i * 160, (i + 1) * 160)).copy(packet, 12);
      sockets.deliverRtp(packet, { address: '192.0.2.1', port: 30000 });
    }
    clock.advance(20);
    await new Promise((r) => setImmediate(r));
    await recording.stop();
    const pcm = await readWavAsTelephonePcm(path);
    expect(pcmSamples(pcm)).toEqual(alawmulaw.mulaw.decode(tone));
    h.close();
  });

  it('a recording still running when the handler closes is written then', async () => {
    const { h } = await negotiated();
    const path = join(dir, 'closed.wav');
    const recording = h.recordWav(path);
    h.close();
    await recording.finished;
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('RIFF');
  });
});

/** Whether the handler's input holds audio yet, after a turn of the event loop. */
async function queued(h: RtpSessionDescriptionHandler): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 1));
  return (h as unknown as { stream: { input: { queuedBytes: number } } }).stream.input.queuedBytes > 0;
}
