/**
 * Reads every corpus message and value the way a receiver would and records what came out,
 * as JSON (describe-value.ts). record-baseline.ts stores this for the strict parser of the
 * base commit; baseline.test.ts reads the corpus again and compares.
 */
import { ExtensionHeader, headerDefinitions, parseMessage, SipRequest } from '../../src/index.js';
import type { CorpusMessage, CorpusValue } from './corpus.js';
import { describeField, describeValue } from './describe-value.js';

/** One header line: its values as read, or the error that reading it threw. */
export interface LineReading {
  name: string;
  value: string;
  values?: Record<string, unknown>[];
  error?: string;
}

export interface MessageReading {
  id: string;
  /** Why parseMessage refused the message, if it did. */
  error?: string;
  start?: Record<string, unknown>;
  /** `parseHeaders()` read every header without throwing. */
  fullyReadable?: boolean;
  lines?: LineReading[];
}

export interface ValueReading {
  id: string;
  header: string;
  value: string;
  values?: Record<string, unknown>[];
  error?: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parse one header value the way a header line does (HeaderLine.values). */
export function readValue(header: string, value: string): { values?: Record<string, unknown>[]; error?: string } {
  const definition = headerDefinitions.get(header.toLowerCase());
  try {
    const values = definition === undefined ? [new ExtensionHeader(header, value)] : definition.parse(value);
    return { values: values.map((v) => describeValue(header, v)) };
  } catch (error) {
    return { error: message(error) };
  }
}

export function readMessage(entry: CorpusMessage): MessageReading {
  let msg;
  try {
    msg = parseMessage(entry.bytes);
  } catch (error) {
    return { id: entry.id, error: message(error) };
  }
  const start =
    msg instanceof SipRequest
      ? { method: msg.method, uri: describeField(msg.uri), version: msg.version }
      : { status: msg.status, reason: msg.reason, version: msg.version };
  let fullyReadable = true;
  try {
    msg.parseHeaders();
  } catch {
    fullyReadable = false;
  }
  const lines: LineReading[] = [];
  for (const name of msg.headerNames()) {
    for (const value of msg.rawHeaders(name)) lines.push({ name, value, ...readValue(name, value) });
  }
  return { id: entry.id, start, fullyReadable, lines };
}

export function readCorpusValue(entry: CorpusValue): ValueReading {
  return { id: entry.id, header: entry.header, value: entry.value, ...readValue(entry.header, entry.value) };
}
