import { describe, expect, it } from 'vitest';
import { StreamFramer, SipRequest, type StreamEvent } from '../../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

const options = (callId: string, body = '') =>
  `OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP client.example.com;branch=z9hG4bK${callId}\r\n` +
  `Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: ${callId}\r\n` +
  `CSeq: 1 OPTIONS\r\nContent-Length: ${enc(body).length}\r\n\r\n${body}`;

function messages(events: StreamEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'message' ? [e.message.callId] : []));
}

describe('StreamFramer', () => {
  it('splits back-to-back messages by Content-Length', () => {
    const framer = new StreamFramer();
    const events = framer.push(enc(options('a', 'héllo') + options('b') + options('c', 'x')));
    expect(messages(events)).toEqual(['a', 'b', 'c']);
    const first = events[0]!;
    expect(first.type === 'message' && first.message.bodyText).toBe('héllo');
    expect(framer.pending).toBe(0);
  });

  it('buffers partial reads, byte by byte', () => {
    const framer = new StreamFramer();
    const bytes = enc(options('a', 'body') + options('b'));
    const events: StreamEvent[] = [];
    for (let i = 0; i < bytes.length; i++) events.push(...framer.push(bytes.subarray(i, i + 1)));
    expect(messages(events)).toEqual(['a', 'b']);
  });

  it('reports RFC 5626 pings and pongs between messages', () => {
    const framer = new StreamFramer();
    const events = framer.push(enc('\r\n\r\n' + options('a') + '\r\n'));
    expect(events.map((e) => e.type)).toEqual(['ping', 'message', 'pong']);
  });

  it('waits for the rest of a ping split across reads', () => {
    const framer = new StreamFramer();
    expect(framer.push(enc('\r'))).toEqual([]);
    expect(framer.push(enc('\n\r'))).toEqual([]);
    expect(framer.push(enc('\n')).map((e) => e.type)).toEqual(['ping']);
  });

  it('treats a missing Content-Length as a fatal framing error and stops', () => {
    const framer = new StreamFramer();
    const text = options('a').replace(/Content-Length: 0\r\n/, '');
    const events = framer.push(enc(text));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', fatal: true });
    expect(framer.push(enc(options('b')))).toEqual([]);
  });

  it('treats a negative or non-numeric Content-Length as fatal (RFC 4475 §3.1.2.3)', () => {
    for (const bad of ['-999', 'five', '']) {
      const events = new StreamFramer().push(enc(options('a').replace('Content-Length: 0', `Content-Length: ${bad}`)));
      expect(events[0]).toMatchObject({ type: 'error', fatal: true });
    }
  });

  it('reports a framed but unparseable message and carries on', () => {
    const framer = new StreamFramer();
    const bad = options('x').replace('OPTIONS sip:bob@example.com SIP/2.0', 'OPTIONS  sip:bob@example.com SIP/2.0');
    const events = framer.push(enc(bad + options('b')));
    expect(events[0]).toMatchObject({ type: 'error', fatal: false });
    expect(messages(events)).toEqual(['b']);
  });

  it('gives up on a header block that never ends', () => {
    const framer = new StreamFramer();
    const events = framer.push(enc('INVITE sip:a@b SIP/2.0\r\nX: ' + 'a'.repeat(70 * 1024)));
    expect(events[0]).toMatchObject({ type: 'error', fatal: true });
  });

  it('waits for a body that has not fully arrived', () => {
    const framer = new StreamFramer();
    const text = options('a', '0123456789');
    expect(framer.push(enc(text.slice(0, -3)))).toEqual([]);
    const events = framer.push(enc(text.slice(-3)));
    const first = events[0]!;
    expect(first.type === "message" && (first.message as SipRequest).bodyText).toBe('0123456789');
  });
});
