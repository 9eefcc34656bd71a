import { describe, expect, it } from 'vitest';
import { readSippTrace } from '../../conformance/runner/sipp-trace.js';

// SIPp 3.6's -trace_msg log: `message sent (N bytes):` and `message received [N] bytes :`, N in octets.
const sent = 'MESSAGE sip:alice@example.test SIP/2.0\r\nContent-Length: 4\r\n\r\nGrüß';
const received = 'SIP/2.0 200 OK\r\nCSeq: 1 MESSAGE\r\n\r\n';
const log = Buffer.concat([
  Buffer.from(`----------------------------------------------- 2026-12-05 23:02:34.196529\nUDP message sent (${Buffer.byteLength(sent)} bytes):\n\n`),
  Buffer.from(sent),
  Buffer.from(`\n\n----------------------------------------------- 2026-12-05 23:02:34.201000\nUDP message received [${received.length}] bytes :\n\n${received}\n`),
]);

describe('SIPp’s -trace_msg log', () => {
  it('gives each message, sent and received, whole (a UTF-8 body cut by its octet count) between the SIPp and the server', () => {
    const messages = readSippTrace(log, 'sipp carol');
    expect(messages.map(({ from, to, text }) => ({ from, to, text }))).toEqual([
      { from: 'sipp carol', to: 'server', text: sent },
      { from: 'server', to: 'sipp carol', text: received },
    ]);
    // 23:02:34.196529 to 23:02:34.201000, in whole milliseconds.
    expect(messages[1]!.time - messages[0]!.time).toBe(5);
  });
});
