import type { DtmfOptions, MediaKinds } from '../../session-description-handler.js';
import { DTMF_TONES } from './telephone-event.js';

// RFC 4733 §2.3.5: the duration field is 16 bits of 8 kHz samples, a little over 8 s.
const MAX_DTMF_DURATION_MS = 8000;

/** Refuse digits and timings RFC 4733 events cannot carry, before anything is sent. */
export function checkDtmfRequest(tones: string, options: DtmfOptions): void {
  if (!DTMF_TONES.test(tones)) throw new TypeError(`DTMF tones must be 0-9, A-D, * or #, not ${JSON.stringify(tones)}`);
  const { duration, interToneGap } = options;
  if (!Number.isFinite(duration) || duration <= 0 || duration > MAX_DTMF_DURATION_MS) throw new RangeError(`DTMF duration must be 1–${MAX_DTMF_DURATION_MS} ms, not ${String(duration)}`);
  if (!Number.isFinite(interToneGap) || interToneGap < 0) throw new RangeError(`DTMF interToneGap must be 0 ms or more, not ${String(interToneGap)}`);
}

/** Whether `mute(kinds)` / `unmute(kinds)` act on an audio-only stream: audio named, or neither kind named. */
export function namesAudio(kinds: MediaKinds): boolean {
  return kinds.audio !== false && (kinds.audio === true || kinds.video !== true);
}
