/**
 * The power of one frequency in a block of 16-bit samples (the Goertzel algorithm), normalised so a
 * full-scale sine at that frequency gives about 1 and silence 0. Used to tell which tone a stream carries.
 */
export function goertzelPower(samples: Int16Array, sampleRate: number, frequency: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i]! / 32768 + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return (4 * power) / (n * n);
}

/** 16-bit little-endian PCM bytes as samples. */
export function pcmSamples(pcm: Buffer): Int16Array {
  const samples = new Int16Array(pcm.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  return samples;
}

/** `ms` of a sine at `frequency` Hz and amplitude `amplitude` (of full scale), as 16-bit LE PCM at `sampleRate`. */
export function sinePcm(frequency: number, ms: number, sampleRate = 8000, amplitude = 0.5): Buffer {
  const count = Math.round((ms * sampleRate) / 1000);
  const pcm = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) pcm.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), i * 2);
  return pcm;
}

/** The frequency among `candidates` strongest in `pcm`, and how much stronger than the runner-up. */
export function dominantTone(pcm: Buffer, candidates: readonly number[], sampleRate = 8000): { frequency: number; power: number; ratio: number } {
  const samples = pcmSamples(pcm);
  const powers = candidates.map((frequency) => ({ frequency, power: goertzelPower(samples, sampleRate, frequency) })).sort((a, b) => b.power - a.power);
  const [first, second] = powers;
  return { frequency: first!.frequency, power: first!.power, ratio: second === undefined || second.power === 0 ? Infinity : first!.power / second.power };
}
