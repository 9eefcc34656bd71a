/** The body type of a digit sent in SIP INFO (the de facto `application/dtmf-relay`, as legacy SIP.js and most PBXes send it). */
export const DTMF_RELAY_CONTENT_TYPE = 'application/dtmf-relay';

/** One digit received: its tone (0–9, *, #, A–D) and how long it lasted, ms. */
export interface DtmfDigit {
  tone: string;
  duration: number;
}

/** The body of an INFO carrying `tone`: `Signal=5`, `Duration=160`, each line ended by CRLF. */
export function dtmfRelayBody(tone: string, duration: number): string {
  return `Signal=${tone}\r\nDuration=${duration}\r\n`;
}

// Legacy SIP.js read `Signal=` and `Duration=` lines, spaces allowed around `=`.
const SIGNAL = /^\s*signal\s*=\s*([0-9A-D#*])\s*$/im;
const DURATION = /^\s*duration\s*=\s*(\d{1,5})\s*$/im;

/** The digit an `application/dtmf-relay` body carries, or undefined when it names none; no duration reads as 0. */
export function readDtmfRelay(body: string): DtmfDigit | undefined {
  const signal = SIGNAL.exec(body);
  if (signal === null) return undefined;
  const duration = DURATION.exec(body);
  return { tone: signal[1]!.toUpperCase(), duration: duration === null ? 0 : Number(duration[1]) };
}
