import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detachedKey, parseMessage, type SipRequest } from '../../src/syntax/index.js';
import { dialogKey } from '../../src/core/index.js';
import { serverTransactionKey } from '../../src/transaction/transaction-key.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PADDING = 'x'.repeat(20_000);

/** A parsed INVITE of about 20 KB (a long Subject), distinct per `i`. */
function bigInvite(i: number): SipRequest {
  const text =
    `INVITE sip:bob@example.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-${i}-abcdef\r\n` +
    `From: <sip:alice@example.test>;tag=from-${i}\r\nTo: <sip:bob@example.test>\r\nCall-ID: call-${i}@example.test\r\n` +
    `CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nSubject: ${PADDING}${i}\r\nContent-Length: 0\r\n\r\n`;
  return parseMessage(new TextEncoder().encode(text)) as SipRequest;
}

/** Heap growth (MB) while `keys` of 2,000 such INVITEs are kept and the INVITEs are not. */
function heapKeptBy(makeKey: (request: SipRequest) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const keys: string[] = [];
  for (let i = 0; i < 2000; i++) keys.push(makeKey(bigInvite(i)));
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  expect(new Set(keys).size).toBe(2000);
  return grown;
}

describe('detachedKey, and the transaction and dialog keys built with it', () => {
  it('joins its parts with the separator', () => {
    expect(detachedKey('\n', 'z9hG4bK-1', '127.0.0.1:5060', 'INVITE')).toBe('z9hG4bK-1\n127.0.0.1:5060\nINVITE');
    expect(detachedKey(' ', 'tag', 'call', 1, 'BYE')).toBe('tag call 1 BYE');
  });

  it('keeps none of the messages its parts were read from (40 MB of INVITEs, keys kept for Timer L)', () => {
    // A key built as a template literal of the same parts keeps each whole INVITE text alive.
    expect(heapKeptBy((r) => `${r.via.branch}\n${r.callId}\n${r.from.tag}`)).toBeGreaterThan(30);
    expect(heapKeptBy((r) => detachedKey('\n', r.via.branch ?? '', r.callId, r.from.tag ?? ''))).toBeLessThan(5);
    expect(heapKeptBy((r) => serverTransactionKey(r.via, r.method))).toBeLessThan(5);
    expect(heapKeptBy((r) => dialogKey({ callId: r.callId, localTag: 'ours', remoteTag: r.from.tag }))).toBeLessThan(5);
  });
});
