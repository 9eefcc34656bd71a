/**
 * A message as the line-level mutators see it: start line, header lines, body, split on
 * CRLF (what a well-formed seed uses). Text that does not split that way is all head.
 */
export interface MessageText {
  start: string;
  lines: string[];
  /** Undefined when the text has no empty line: joining then writes no empty line either. */
  body: string | undefined;
}

export function splitMessage(data: string): MessageText {
  const end = data.indexOf('\r\n\r\n');
  const head = end === -1 ? data : data.slice(0, end);
  const [start = '', ...lines] = head.split('\r\n');
  return { start, lines, body: end === -1 ? undefined : data.slice(end + 4) };
}

export function joinMessage(message: MessageText): string {
  const head = [message.start, ...message.lines].join('\r\n');
  return message.body === undefined ? head : `${head}\r\n\r\n${message.body}`;
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };

/** The header name of a line, lower-cased, compact forms expanded; undefined for a line without a colon. */
export function lineName(line: string): string | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon).trim().toLowerCase();
  return COMPACT[name] ?? name;
}

/** Indexes of the lines of header `name` (lower-case, full form). */
export function linesOf(message: MessageText, name: string): number[] {
  const out: number[] = [];
  message.lines.forEach((line, i) => {
    if (lineName(line) === name) out.push(i);
  });
  return out;
}

/** Replace the value of line `index`, keeping its name. */
export function withValue(line: string, value: string): string {
  const colon = line.indexOf(':');
  return `${line.slice(0, colon)}: ${value}`;
}

export function valueOf(line: string): string {
  const colon = line.indexOf(':');
  return colon === -1 ? line : line.slice(colon + 1).trim();
}

/** Set Content-Length to the body's true length (after a mutation changed the body). */
export function fixContentLength(message: MessageText): void {
  const body = message.body ?? '';
  for (const i of linesOf(message, 'content-length')) message.lines[i] = withValue(message.lines[i]!, String(body.length));
}
