import type { CapturedMessage, Check } from '../runner/outcome.js';

/** One arrow of the ladder and the full message it opens. */
export interface LadderArrow {
  from: string;
  to: string;
  label: string;
  /** Seconds since the scenario's first message. */
  offset: number;
  text: string;
  /** The failed checks this message is where things went wrong for. */
  failures: Check[];
}

/** A scenario's ladder: the columns left to right, the arrows top to bottom, and its mermaid text. */
export interface Ladder {
  columns: string[];
  arrows: LadderArrow[];
  mermaid: string;
}

function startLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/** The arrow's label: the method, or status and reason, with the CSeq method of a response. */
export function messageLabel(text: string): string {
  const line = startLine(text);
  const response = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(line);
  if (response !== null) {
    const cseq = /^(?:CSeq)\s*:\s*\d+\s+(\S+)/im.exec(text)?.[1];
    return `${response[1]} ${response[2] ?? ''}`.trim() + (cseq === undefined ? '' : ` (${cseq.toUpperCase()})`);
  }
  const request = /^(\S+)\s+\S+\s+SIP\/2\.0/i.exec(line);
  return request?.[1] ?? (line.slice(0, 30) || '(unreadable)');
}

// Mermaid reads `;` `#` `:` and a few more in message text as syntax; what a label keeps is plain.
function plain(text: string, max = 90): string {
  const cleaned = text.replace(/[^\p{L}\p{N} ._()+\-/'=,@<>*]/gu, ' ').replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** A failed check as a note: label, expected and seen on lines of their own. */
function noteText(failure: Check): string {
  return `✖ ${plain(failure.label, 60)}<br/>expected ${plain(failure.expected, 60)}<br/>seen ${plain(failure.seen, 60)}`;
}

/** Columns: the UAs first (as they appear), then the server, then each SIPp. */
function columnsOf(messages: readonly CapturedMessage[]): string[] {
  const seen: string[] = [];
  for (const message of messages) for (const name of [message.from, message.to]) if (!seen.includes(name)) seen.push(name);
  const rank = (name: string): number => (name === 'server' ? 1 : name.startsWith('sipp') ? 2 : 0);
  return seen.sort((a, b) => rank(a) - rank(b) || seen.indexOf(a) - seen.indexOf(b));
}

/**
 * Where a failed check points in the ladder: the message it names, or else the last message
 * captured before it was made (the last thing that happened before the expectation failed).
 */
export function failureIndex(messages: readonly CapturedMessage[], check: Check): number {
  if (check.message !== undefined) {
    const exact = messages.findIndex((message) => message.text === check.message);
    if (exact >= 0) return exact;
  }
  let index = -1;
  messages.forEach((message, i) => {
    if (message.time <= check.time) index = i;
  });
  return index >= 0 ? index : messages.length - 1;
}

/** The ladder of one scenario run, as a mermaid sequence diagram with the failing messages in red boxes. */
export function buildLadder(messages: readonly CapturedMessage[], checks: readonly Check[]): Ladder {
  const ordered = [...messages].sort((a, b) => a.time - b.time);
  const columns = columnsOf(ordered);
  const start = ordered[0]?.time ?? 0;
  const arrows: LadderArrow[] = ordered.map((message) => ({
    from: message.from,
    to: message.to,
    label: messageLabel(message.text),
    offset: (message.time - start) / 1000,
    text: message.text,
    failures: [],
  }));
  const unplaced: Check[] = [];
  for (const check of checks) {
    if (check.ok) continue;
    const index = failureIndex(ordered, check);
    if (index >= 0) arrows[index]!.failures.push(check);
    else unplaced.push(check);
  }
  const id = (name: string): string => `c${columns.indexOf(name)}`;
  const lines = ['sequenceDiagram'];
  for (const column of columns) lines.push(`  participant ${id(column)} as ${plain(column)}`);
  for (const arrow of arrows) {
    const line = `  ${id(arrow.from)}->>${id(arrow.to)}: ${plain(arrow.label)} · +${arrow.offset.toFixed(3)} s`;
    if (arrow.failures.length === 0) {
      lines.push(line);
      continue;
    }
    lines.push('  rect rgba(220, 40, 40, 0.22)', `  ${line}`);
    const over = arrow.from === arrow.to ? id(arrow.from) : `${id(arrow.from)},${id(arrow.to)}`;
    for (const failure of arrow.failures) lines.push(`    Note over ${over}: ${noteText(failure)}`);
    lines.push('  end');
  }
  if (columns.length > 0) {
    for (const failure of unplaced) lines.push(`  Note over ${id(columns[0]!)}: ${noteText(failure)}`);
  }
  return { columns, arrows, mermaid: lines.join('\n') };
}
