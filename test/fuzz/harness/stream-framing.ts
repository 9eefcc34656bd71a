// Heads longer than this are refused by stream framers (sipforge's refuses past 64 KiB).
const MAX_HEAD = 60 * 1024;
// RFC 3261 §7.3.1: a header line is a token, optional whitespace and a colon; a continuation starts with whitespace.
const HEADER_LINE = /^(?:[A-Za-z0-9\-.!%*_+`'~]+[ \t]*:|[ \t])/;

/**
 * Whether a stream peer can only read `octets` as exactly one message, so the next message on
 * the same connection starts where it should: one CRLF CRLF ends a head of at most 60 KiB (and
 * no bare LF LF before it, which sipforge's framer also accepts), every line after the start
 * line is a header line or a continuation of one (else a peer cannot trust what it reads as
 * Content-Length), one Content-Length of plain digits, and exactly that many octets after the
 * head. Anything else (a Content-Length lie, a head without end, a leading CRLF a framer may
 * take for a keep-alive) may leave the stream out of step, and the fuzzer moves to a fresh
 * connection after sending it. Conservative on purpose.
 */
export function framesCleanly(octets: Buffer): boolean {
  const text = octets.toString('latin1');
  if (text.startsWith('\r') || text.startsWith('\n')) return false;
  const end = text.indexOf('\r\n\r\n');
  if (end === -1 || end > MAX_HEAD) return false;
  const head = text.slice(0, end + 2);
  if (/\n\r?\n/.test(text.slice(0, end + 1))) return false;
  const lines = head.slice(0, -2).split('\n').slice(1);
  if (lines[0] !== undefined && /^[ \t]/.test(lines[0])) return false;
  if (!lines.every((line) => HEADER_LINE.test(line))) return false;
  const lengths = [...head.matchAll(/\n(?:content-length|l)[ \t]*:([^\r\n]*)/gi)].map((m) => m[1]!.trim());
  if (lengths.length !== 1 || !/^\d{1,9}$/.test(lengths[0]!)) return false;
  return Number(lengths[0]) === text.length - (end + 4);
}
