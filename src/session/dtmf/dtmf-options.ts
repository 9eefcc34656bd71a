/** Options of `dtmf(tones, options)` (legacy: `duration` 70–6000 ms, default 100; `interToneGap` at least 50 ms, default 500). */
export interface DtmfSendOptions {
  duration?: number | undefined;
  interToneGap?: number | undefined;
  /** Header lines of each INFO, when the digits go by INFO. */
  extraHeaders?: readonly string[] | undefined;
}

/** The checked form: a sequence of tones and pauses, with their timing. */
export interface DtmfPlan {
  tones: string;
  duration: number;
  interToneGap: number;
  extraHeaders: readonly string[];
}

const MIN_DURATION = 70;
const MAX_DURATION = 6000;
const MIN_GAP = 50;
/** Legacy: a comma in the tones is a pause of 2 s. */
export const DTMF_PAUSE_MS = 2000;
const TONES = /^[0-9A-D#*,]+$/i;

function clamp(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${name} must be a number of milliseconds: ${String(value)}`);
  // Legacy SIP.js raised or lowered an out-of-range value rather than refusing it.
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** The tones and timing `dtmf()` sends; TypeError for tones other than 0–9, A–D, *, # and the pause `,`. */
export function dtmfPlan(tones: string | number, options: DtmfSendOptions = {}): DtmfPlan {
  const text = typeof tones === 'number' ? String(tones) : tones;
  if (typeof text !== 'string' || !TONES.test(text)) throw new TypeError(`tones must be digits 0-9, A-D, * and #, or "," for a pause: ${JSON.stringify(tones)}`);
  return {
    tones: text.toUpperCase(),
    duration: clamp(options.duration, 100, MIN_DURATION, MAX_DURATION, 'duration'),
    interToneGap: clamp(options.interToneGap, 500, MIN_GAP, Number.MAX_SAFE_INTEGER, 'interToneGap'),
    extraHeaders: options.extraHeaders ?? [],
  };
}
