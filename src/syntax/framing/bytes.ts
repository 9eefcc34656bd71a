const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export const EMPTY_BYTES = new Uint8Array(0);

/** UTF-8 text of `bytes`; invalid sequences become U+FFFD rather than failing (the grammar then judges the text). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return text.length === 0 ? EMPTY_BYTES : encoder.encode(text);
}

/** Where the header block ends: `headEnd` is the index of the blank line's CRLF, `bodyStart` the first body octet. */
export interface HeadBoundary {
  headEnd: number;
  bodyStart: number;
}

const CR = 13;
const LF = 10;

/**
 * Find the empty line that ends the header block of a message starting at `start` (RFC 3261
 * §7: CRLF CRLF; a bare LF LF is accepted too, as many implementations send it), looking at
 * octets from `from` (≥ start) up to `end`. Returns undefined when none is there yet. A caller
 * that gets more octets resumes at `resumeFrom(end)`, so no octet is searched twice.
 */
export function findHeadEndInBytes(bytes: Uint8Array, start: number, from = start, end = bytes.length): HeadBoundary | undefined {
  const view = end < bytes.length ? bytes.subarray(0, end) : bytes;
  let i = view.indexOf(LF, from);
  while (i !== -1) {
    if (i + 2 >= end && (i + 1 >= end || view[i + 1] === CR)) return undefined;
    const next = view[i + 1];
    if (next === LF) return { headEnd: i > start && view[i - 1] === CR ? i - 1 : i, bodyStart: i + 2 };
    if (next === CR && view[i + 2] === LF) return { headEnd: i > start && view[i - 1] === CR ? i - 1 : i, bodyStart: i + 3 };
    i = view.indexOf(LF, i + 1);
  }
  return undefined;
}

/** Where a search by findHeadEndInBytes that ended at `end` without a result resumes once more octets came. */
export function resumeFrom(end: number): number {
  // An LF in the last two octets may start the boundary; everything before was settled.
  return Math.max(0, end - 2);
}

export function findHeadEndInText(text: string, from: number): HeadBoundary | undefined {
  const crlf = text.indexOf('\r\n\r\n', from);
  const lflf = text.indexOf('\n\n', from);
  if (crlf !== -1 && (lflf === -1 || crlf < lflf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lflf === -1) return undefined;
  const headEnd = lflf > from && text.charCodeAt(lflf - 1) === CR ? lflf - 1 : lflf;
  return { headEnd, bodyStart: lflf + 2 };
}
