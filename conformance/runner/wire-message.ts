// The harness reads messages with this small, tolerant reader rather than with sipforge's parser:
// the messages checked are often the UA's own, and a defect of the parser under test must not hide
// a defect on the wire. It reads what RFC 3261 §7 lays out: a start line, header lines (folded
// lines joined, §7.3.1; compact forms, §7.3.3) and the body.

const COMPACT: Record<string, string> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type', f: 'from',
  s: 'subject', k: 'supported', t: 'to', v: 'via', r: 'refer-to', b: 'referred-by', o: 'event', u: 'allow-events',
};

/** A SIP message as it went on the wire, read enough for the scenarios' checks. */
export class WireMessage {
  readonly text: string;
  readonly startLine: string;
  /** The request's method, or undefined for a response. */
  readonly method: string | undefined;
  readonly requestUri: string | undefined;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly body: string;
  private readonly fields: Array<[string, string]>;

  constructor(text: string) {
    this.text = text;
    const split = /\r?\n\r?\n/.exec(text);
    const head = split === null ? text : text.slice(0, split.index);
    this.body = split === null ? '' : text.slice(split.index + split[0].length);
    const lines = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
    this.startLine = lines[0] ?? '';
    const response = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(this.startLine);
    const request = /^([A-Za-z!%*_+`'~.-]+)\s+(\S+)\s+SIP\/2\.0/i.exec(this.startLine);
    this.status = response ? Number(response[1]) : undefined;
    this.reason = response ? response[2] : undefined;
    this.method = response ? undefined : request?.[1];
    this.requestUri = response ? undefined : request?.[2];
    this.fields = [];
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      this.fields.push([COMPACT[name] ?? name, line.slice(colon + 1).trim()]);
    }
  }

  get isRequest(): boolean {
    return this.method !== undefined;
  }

  /** The first value of a header, as written (after its colon). */
  header(name: string): string | undefined {
    return this.headerLines(name)[0];
  }

  /** Every line of a header, as written. */
  headerLines(name: string): string[] {
    const key = COMPACT[name.toLowerCase()] ?? name.toLowerCase();
    return this.fields.filter(([field]) => field === key).map(([, value]) => value);
  }

  /** Every value of a list header: lines split at commas outside quotes and angle brackets (RFC 3261 §7.3.1). */
  headerValues(name: string): string[] {
    return this.headerLines(name).flatMap(splitList);
  }

  get callId(): string | undefined {
    return this.header('Call-ID');
  }

  get cseq(): { seq: number; method: string } | undefined {
    const match = /^(\d+)\s+(\S+)/.exec(this.header('CSeq') ?? '');
    return match ? { seq: Number(match[1]), method: match[2]!.toUpperCase() } : undefined;
  }

  /** The label of its arrow: the method, or status and reason. */
  get label(): string {
    if (this.method !== undefined) return this.method;
    if (this.status !== undefined) return `${this.status} ${this.reason ?? ''}`.trim();
    return this.startLine.slice(0, 40) || '(unreadable)';
  }
}

function splitList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted && ch === '\\') {
      current += ch + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    if (ch === ',' && !quoted && !angle) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}
