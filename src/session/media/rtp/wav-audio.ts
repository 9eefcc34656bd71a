import { readFile, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import wavefile from 'wavefile';
import type { AudioInput } from './audio-input.js';

const SAMPLE_RATE = 8000;
// WAVE format tags (RFC 2361): linear PCM, IEEE float, A-law, μ-law, IMA ADPCM, and the
// extensible header that names one of them in its sub-format.
const PCM = 1;
const FLOAT = 3;
const ALAW = 6;
const MULAW = 7;
const IMA_ADPCM = 17;
const EXTENSIBLE = 0xfffe;

interface WaveFormat {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
}

/**
 * The audio of a WAV file as the handler's audio streams carry it: 16-bit little-endian mono PCM
 * at 8 kHz. Other sample rates, depths and channel counts, and A-law, μ-law or IMA ADPCM content,
 * are converted with `wavefile` (channels are averaged); anything else is refused.
 */
export async function readWavAsTelephonePcm(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  let wav: InstanceType<typeof wavefile.WaveFile>;
  try {
    wav = new wavefile.WaveFile(bytes);
  } catch (error) {
    throw new Error(`${path} is not a WAV file sipforge can read: ${(error as Error).message}`);
  }
  const format = wav.fmt as WaveFormat;
  try {
    if (format.audioFormat === ALAW) wav.fromALaw();
    else if (format.audioFormat === MULAW) wav.fromMuLaw();
    else if (format.audioFormat === IMA_ADPCM) wav.fromIMAADPCM();
    else if (format.audioFormat !== PCM && format.audioFormat !== FLOAT && format.audioFormat !== EXTENSIBLE) {
      throw new Error(`its audio format ${format.audioFormat} is none of PCM, IEEE float, A-law, μ-law, IMA ADPCM`);
    }
    if (wav.bitDepth !== '16') wav.toBitDepth('16');
    if (format.sampleRate !== SAMPLE_RATE) wav.toSampleRate(SAMPLE_RATE);
  } catch (error) {
    throw new Error(`cannot convert ${path} to 8 kHz 16-bit PCM: ${(error as Error).message}`);
  }
  // The conversions replace the fmt chunk: read it again.
  const channels = (wav.fmt as WaveFormat).numChannels;
  if (!Number.isInteger(channels) || channels < 1) throw new Error(`${path} has no audio channel`);
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array | Int16Array[];
  const perChannel: Int16Array[] = channels === 1 ? [samples as Int16Array] : (samples as Int16Array[]);
  const length = perChannel[0]!.length;
  const pcm = Buffer.alloc(length * 2);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const channel of perChannel) sum += channel[i]!;
    pcm.writeInt16LE(Math.round(sum / perChannel.length), i * 2);
  }
  return pcm;
}

/** Write 16-bit little-endian mono PCM at 8 kHz as a WAV file. */
export async function writeTelephonePcmAsWav(path: string, pcm: Buffer): Promise<void> {
  const samples = new Int16Array(pcm.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, SAMPLE_RATE, '16', samples);
  await writeFile(path, wav.toBuffer());
}

/** Play a WAV file into the audio input; resolves once its last frame has gone out (or the input closed). */
export async function playWavInto(input: AudioInput, path: string): Promise<void> {
  const pcm = await readWavAsTelephonePcm(path);
  if (input.writable.destroyed) return;
  // One write: the input acknowledges it only as the frames go out, and the file is in memory anyway.
  input.writable.write(pcm);
  await input.whenEmpty();
}

/** A recording in progress (`recordWav`). */
export interface WavRecording {
  /** Stop recording and write the file; resolves once it is written. */
  stop(): Promise<void>;
  /** Settles once the file is written: after `stop()`, or when the media handler closes. */
  readonly finished: Promise<void>;
}

/** Record what the audio output carries into a WAV file, written when stopped or when the output ends. */
export function recordWavFrom(output: Readable, path: string): WavRecording {
  const chunks: Buffer[] = [];
  let resolveStop!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStop = resolve));
  const onData = (chunk: Buffer): void => void chunks.push(chunk);
  output.on('data', onData);
  output.once('end', () => resolveStop());
  output.once('close', () => resolveStop());
  const finished = stopped.then(() => {
    output.off('data', onData);
    return writeTelephonePcmAsWav(path, Buffer.concat(chunks));
  });
  // Awaiting `finished` still sees a failure; nobody awaiting it is no unhandled rejection.
  finished.catch(() => undefined);
  return {
    stop: () => {
      resolveStop();
      return finished;
    },
    finished,
  };
}
