/**
 * The fuzzer's own reading of what the target sends (its requests and answers), written here
 * rather than taken from sipforge so the harness does not trust the code under test. The
 * target's messages are well formed; this reads just enough of them: start line, header
 * lines by name (compact forms included), body.
 */

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
};

export interface WireMessage {
  /** The request method, or undefined for a response. */
  method: string | undefined;
  /** The response status, or undefined for a request. */
  status: number | undefined;
  startLine: string;
  /** Header lines in order, names lower-cased and compact forms expanded. */
  headers: Array<[name: string, value: string]>;
  body: string;
  /** The whole message as received (latin1). */
  raw: string;
}

function headerName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** Read one message (latin1 text); undefined when it has no start line. */
export function readWireMessage(raw: string): WireMessage | undefined {
  const text = raw.replace(/^(\r\n)+/, '');
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 4);
  const lines = head.split('\r\n');
  const startLine = lines.shift() ?? '';
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([headerName(line.slice(0, colon)), line.slice(colon + 1).trim()]);
  }
  const response = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const request = /^([A-Za-z]+) \S+ SIP\/2\.0$/.exec(startLine);
  if (!response && !request) return undefined;
  return {
    method: request?.[1],
    status: response ? Number(response[1]) : undefined,
    startLine,
    headers,
    body,
    raw,
  };
}

/** The first value of a header (name in any case or compact form). */
export function headerValue(message: WireMessage, name: string): string | undefined {
  const key = headerName(name);
  return message.headers.find(([n]) => n === key)?.[1];
}

/** A `;name=value` parameter of a header value (outside `<…>`), or undefined. */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const outside = value.replace(/<[^>]*>/g, '');
  const match = new RegExp(`;\\s*${name}\\s*=\\s*([^;,\\s]+)`, 'i').exec(outside);
  return match?.[1];
}

/**
 * Splits a byte stream from the target (TCP) into messages by Content-Length. The target
 * frames its own messages correctly; CRLF keep-alives between them are skipped.
 */
export class StreamSplitter {
  private buffer = '';

  push(chunk: string): string[] {
    this.buffer += chunk;
    const out: string[] = [];
    for (;;) {
      const start = this.buffer.search(/[^\r\n]/);
      if (start === -1) {
        this.buffer = '';
        break;
      }
      const end = this.buffer.indexOf('\r\n\r\n', start);
      if (end === -1) {
        this.buffer = this.buffer.slice(start);
        break;
      }
      const length = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(this.buffer.slice(start, end + 2));
      const total = end + 4 + Number(length?.[1] ?? 0);
      if (this.buffer.length < total) {
        this.buffer = this.buffer.slice(start);
        break;
      }
      out.push(this.buffer.slice(start, total));
      this.buffer = this.buffer.slice(total);
    }
    return out;
  }
}
