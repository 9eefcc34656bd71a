// Audio measures for the media scenarios: 16-bit little-endian mono PCM at 8 kHz, as sipforge's
// Node media handler reads and writes it.

export const SAMPLE_RATE = 8000;

/** `seconds` of a sine at `frequency` Hz, amplitude a quarter of full scale. */
export function tone(frequency: number, seconds: number): Buffer {
  const samples = Math.round(SAMPLE_RATE * seconds);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE)), i * 2);
  return pcm;
}

function samplesOf(pcm: Buffer): number[] {
  const samples: number[] = [];
  for (let offset = 0; offset + 1 < pcm.length; offset += 2) samples.push(pcm.readInt16LE(offset));
  return samples;
}

/** Root mean square of the samples (0 for silence, ~5657 for the tone above). */
export function rms(pcm: Buffer): number {
  const samples = samplesOf(pcm);
  if (samples.length === 0) return 0;
  return Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
}

/** The share of the signal's power at `frequency` (Goertzel), 0…1: near 1 for a pure tone at it. */
export function toneShare(pcm: Buffer, frequency: number): number {
  const samples = samplesOf(pcm);
  if (samples.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / SAMPLE_RATE);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  const total = samples.reduce((sum, sample) => sum + sample * sample, 0);
  return total === 0 ? 0 : Math.min(1, (2 * power) / (samples.length * total));
}
