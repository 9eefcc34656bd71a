/**
 * Helpers shared by the torture and property suites: parse a message all the way down,
 * and check that whatever goes wrong surfaces as a SipParseError and nothing else.
 */
import { expect } from 'vitest';
import { parseMessage, SipParseError, SipRequest, SipResponse } from '../../src/index.js';
import type { Parameters, URI } from '../../src/syntax/values/index.js';

export type SipMessage = SipRequest | SipResponse;

/**
 * Structural views of the typed header values (the field lists of grammar/header-spec.ts).
 * The generated classes have these fields; the tests read them through these views so they
 * do not depend on the exact generated type of `header(name)`.
 */
export interface ViaView {
  protocolName: string;
  protocolVersion: string;
  transport: string;
  host: string;
  port?: number | undefined;
  params: Parameters;
  branch?: string | undefined;
  received?: string | undefined;
  rport?: number | true | undefined;
}
export interface NameAddrView {
  displayName?: string | undefined;
  uri: URI;
  params: Parameters;
  tag?: string | undefined;
}
export interface ContactView {
  star: boolean;
  displayName?: string | undefined;
  uri?: URI | undefined;
  params: Parameters;
}
export interface CSeqView {
  seq: number;
  method: string;
}
export interface MediaTypeView {
  type: string;
  subtype: string;
  params: Parameters;
}
export interface TokenView {
  value: string;
}
export interface NumberView {
  value: number;
}
export interface AuthView {
  scheme: string;
  params: Parameters;
}

/** Read a typed value through one of the views above. */
export function view<T>(value: unknown): T {
  return value as T;
}

/** Every value of `name`, read through a view. */
export function views<T>(msg: SipMessage, name: string): T[] {
  return (msg.headers(name) as unknown[]).map((v) => v as T);
}

export function asRequest(msg: SipMessage): SipRequest {
  expect(msg).toBeInstanceOf(SipRequest);
  return msg as SipRequest;
}

export function asResponse(msg: SipMessage): SipResponse {
  expect(msg).toBeInstanceOf(SipResponse);
  return msg as SipResponse;
}

/**
 * Parse completely: framing and start line (`parseMessage`), every header value
 * (`parseHeaders`), and the shortcuts the stack reads on every message.
 */
export function parseFully(data: string | Uint8Array): SipMessage {
  const msg = parseMessage(data);
  msg.parseHeaders();
  void msg.via;
  void msg.from;
  void msg.to;
  void msg.callId;
  void msg.cseq;
  return msg;
}

/**
 * Everything a receiver might touch on a message of unknown quality: all of `parseFully`
 * (except that missing mandatory headers are allowed), the optional shortcuts, every
 * header by name, and serialisation. Used by the fuzzers, where any outcome but a
 * SipParseError is a bug.
 */
export function touchEverything(data: string | Uint8Array): void {
  const msg = parseMessage(data);
  msg.parseHeaders();
  const reads: Array<() => unknown> = [
    () => msg.via,
    () => msg.from,
    () => msg.to,
    () => msg.callId,
    () => msg.cseq,
    () => msg.contact,
    () => msg.maxForwards,
    () => msg.contentLength,
    () => msg.contentType,
  ];
  for (const read of reads) {
    try {
      read();
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
    }
  }
  for (const name of msg.headerNames()) {
    msg.headers(name);
    msg.rawHeaders(name);
  }
  void msg.body;
  msg.toString();
  msg.toBytes();
}

/** Run `fn`; if it throws, the error must be a well-formed SipParseError. Returns the error, if any. */
export function onlySipParseError(fn: () => unknown): SipParseError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof SipParseError)) {
      const what = err instanceof Error ? `${err.constructor.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
      throw new Error(`expected only SipParseError, got ${what}`);
    }
    if (typeof err.offset !== 'number' || !Number.isInteger(err.offset) || err.offset < 0) {
      throw new Error(`SipParseError with a bad offset: ${String(err.offset)} (${err.message})`);
    }
    if (typeof err.rule !== 'string' || err.rule.length === 0) {
      throw new Error(`SipParseError without a rule: ${String(err.rule)} (${err.message})`);
    }
    return err;
  }
}

/** `fn` must throw, and what it throws must be a SipParseError. */
export function expectSipParseError(fn: () => unknown): SipParseError {
  let thrown: unknown;
  let threw = false;
  try {
    fn();
  } catch (err) {
    threw = true;
    thrown = err;
  }
  expect(threw, 'expected a SipParseError, but nothing was thrown').toBe(true);
  expect(thrown).toBeInstanceOf(SipParseError);
  return thrown as SipParseError;
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}
