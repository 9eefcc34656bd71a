// RFC 4733 §2.3: the telephone-event payload, and the DTMF events of §3.2 (0–9, *, #, A–D).

/** Length of a telephone-event payload: event, E/R/volume, duration (RFC 4733 §2.3). */
export const TELEPHONE_EVENT_LENGTH = 4;

/** The tones `sendDtmf` accepts: RFC 4733 §3.2 events 0–15. */
export const DTMF_TONES = /^[0-9A-D*#]+$/i;

const EVENT_OF_TONE: Readonly<Record<string, number>> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
  '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15,
};
const TONE_OF_EVENT = '0123456789*#ABCD';

/** The RFC 4733 event code of a DTMF tone (`0`–`9`, `*`, `#`, `A`–`D`, case-insensitive). */
export function dtmfEvent(tone: string): number {
  const event = EVENT_OF_TONE[tone.toUpperCase()];
  if (event === undefined) throw new RangeError(`not a DTMF tone: ${JSON.stringify(tone)}`);
  return event;
}

/** The DTMF tone of an event code, or undefined for events that are not DTMF digits (16 = flash …). */
export function dtmfTone(event: number): string | undefined {
  return TONE_OF_EVENT[event];
}

/** A telephone-event payload (RFC 4733 §2.3). */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level below 0 dBm0, 0–63 (RFC 4733 §2.3.4). */
  volume: number;
  /** Duration so far, in timestamp units (RFC 4733 §2.3.5). */
  duration: number;
}

/** Write a telephone-event payload at `at`. */
export function writeTelephoneEvent(buffer: Buffer, at: number, event: TelephoneEvent): void {
  buffer[at] = event.event & 0xff;
  buffer[at + 1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  buffer.writeUInt16BE(Math.min(0xffff, event.duration), at + 2);
}

/** Read a telephone-event payload, or undefined when it is too short (RFC 4733 §2.3). */
export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_LENGTH) return undefined;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}
