import type { CapturedMessage } from './outcome.js';

// SIPp's -trace_msg log: each message is preceded by a line of dashes with the local time
// (`----- 2024-05-01 12:00:00.123456`), a line `UDP message sent (N bytes):` or
// `UDP message received [N] bytes :`, and an empty line; N counts the message's octets.
const ENTRY = /-{10,} (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\n(\w+) message (sent|received) (?:\((\d+) bytes\)|\[(\d+)\] bytes ?):\n\n/g;

/**
 * The messages of a SIPp trace, each placed between the SIPp's column (`name`) and the server's.
 * The log is read as bytes so that a UTF-8 body is cut where SIPp's octet count says.
 */
export function readSippTrace(log: Buffer, name: string, server = 'server'): CapturedMessage[] {
  const latin = log.toString('latin1');
  const messages: CapturedMessage[] = [];
  for (const match of latin.matchAll(ENTRY)) {
    const [, year, month, day, hour, minute, second, micros, , direction, sentLength, receivedLength] = match;
    const length = sentLength ?? receivedLength;
    const start = match.index + match[0].length;
    const time = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(micros) / 1000).getTime();
    const text = log.subarray(start, start + Number(length)).toString('utf8');
    const sent = direction === 'sent';
    messages.push({ time, from: sent ? name : server, to: sent ? server : name, capturedBy: name, text });
  }
  return messages;
}
