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
 * Find the empty line that ends the header block (RFC 3261 §7: CRLF CRLF; a bare LF LF is
 * accepted too, as many implementations send it). Returns undefined when none is present yet.
 */
export function findHeadEndInBytes(bytes: Uint8Array, from: number): HeadBoundary | undefined {
  let i = bytes.indexOf(LF, from);
  while (i !== -1) {
    const next = bytes[i + 1];
    if (next === LF) return { headEnd: i > from && bytes[i - 1] === CR ? i - 1 : i, bodyStart: i + 2 };
    if (next === CR && bytes[i + 2] === LF) return { headEnd: i > from && bytes[i - 1] === CR ? i - 1 : i, bodyStart: i + 3 };
    i = bytes.indexOf(LF, i + 1);
  }
  return undefined;
}

export function findHeadEndInText(text: string, from: number): HeadBoundary | undefined {
  const crlf = text.indexOf('\r\n\r\n', from);
  const lflf = text.indexOf('\n\n', from);
  if (crlf !== -1 && (lflf === -1 || crlf < lflf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lflf === -1) return undefined;
  const headEnd = lflf > from && text.charCodeAt(lflf - 1) === CR ? lflf - 1 : lflf;
  return { headEnd, bodyStart: lflf + 2 };
}
