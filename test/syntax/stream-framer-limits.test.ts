import { describe, expect, it } from 'vitest';
import { MESSAGE_TOO_LARGE, SipRequest, StreamFramer, type StreamEvent } from '../../src/index.js';
import { countByteWork } from '../support/byte-work.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function request(callId: string, { extra = '', body = '', length }: { extra?: string; body?: string; length?: number } = {}): string {
  return (
    `MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP client.example.com;branch=z9hG4bK${callId}\r\n` +
    `Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: ${callId}\r\n` +
    `CSeq: 1 MESSAGE\r\n${extra}Content-Length: ${length ?? enc(body).length}\r\n\r\n${body}`
  );
}

function inReads(bytes: Uint8Array, size: number): Uint8Array[] {
  const reads: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) reads.push(bytes.slice(i, i + size));
  return reads;
}

const callIds = (events: StreamEvent[]): string[] => events.flatMap((e) => (e.type === 'message' ? [e.message.callId] : []));

describe('StreamFramer work is linear in the octets pushed', () => {
  it('copies a 4 MB body arriving in 64 KB reads about once, and does not search it', () => {
    const body = 'a'.repeat(4 * 1024 * 1024);
    const reads = inReads(enc(request('big', { body }) + request('after')), 64 * 1024);
    const framer = new StreamFramer({ maxBodyBytes: 16 * 1024 * 1024 });
    const events: StreamEvent[] = [];
    const work = countByteWork(() => {
      for (const read of reads) events.push(...framer.push(read));
    });
    expect(callIds(events)).toEqual(['big', 'after']);
    const first = events[0]!;
    expect(first.type === 'message' && first.message.body.length).toBe(body.length);
    // Quadratic framing (the whole buffer copied again on every read) copies ~64 times the body.
    expect(work.copied).toBeLessThan(2 * body.length);
    expect(work.searched).toBeLessThan(4096);
  });

  it('searches and copies a 60 KB header block arriving in 100-octet reads a small number of times', () => {
    const extra = Array.from({ length: 1000 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(40)}\r\n`).join('');
    const bytes = enc(request('long-head', { extra }));
    expect(bytes.length).toBeGreaterThan(50 * 1024);
    const framer = new StreamFramer({ maxHeaderLines: 2000 });
    const events: StreamEvent[] = [];
    const work = countByteWork(() => {
      for (const read of inReads(bytes, 100)) events.push(...framer.push(read));
    });
    expect(callIds(events)).toEqual(['long-head']);
    expect(work.searched).toBeLessThan(2 * bytes.length);
    expect(work.copied).toBeLessThan(4 * bytes.length);
  });

  it('finds the end of a header block split anywhere across reads, CRLF CRLF or LF LF', () => {
    for (const text of [request('crlf'), request('lf').replace(/\r\n/g, '\n')]) {
      const bytes = enc(text + text);
      for (let cut = 1; cut < bytes.length; cut++) {
        const framer = new StreamFramer();
        const events = [...framer.push(bytes.slice(0, cut)), ...framer.push(bytes.slice(cut))];
        expect(callIds(events)).toHaveLength(2);
      }
    }
  });
});

describe('StreamFramer limits (RFC 3261 §21.5.7: 513 Message Too Large)', () => {
  it('refuses a body over maxBodyBytes as soon as Content-Length says so, before buffering any of it', () => {
    const framer = new StreamFramer({ maxBodyBytes: 1000 });
    const events = framer.push(enc(request('huge', { length: 5000 }) + 'x'.repeat(500)));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ type: 'error', fatal: true, error: { rule: MESSAGE_TOO_LARGE } });
    expect(event!.type === 'error' && event!.error.head?.headers.find((h) => h.name === 'Call-ID')?.value).toBe('huge');
    expect(framer.pending).toBe(0);
    expect(framer.push(enc('x'.repeat(5000) + request('next')))).toEqual([]);
  });

  it('refuses a Content-Length too long for any integer the same way', () => {
    const [event] = new StreamFramer().push(enc(request('inf', { length: 0 }).replace('Content-Length: 0', 'Content-Length: 99999999999999999999999')));
    expect(event).toMatchObject({ type: 'error', fatal: true, error: { rule: MESSAGE_TOO_LARGE } });
    expect(event!.type === 'error' && event!.error.head).toBeDefined();
  });

  it('refuses a message with more than maxHeaderLines lines, with its head, skips its body and goes on', () => {
    const extra = 'Route: <sip:p.example.com;lr>\r\n'.repeat(300);
    const framer = new StreamFramer();
    const events = framer.push(enc(request('many', { extra, body: 'hello' }) + request('next', { body: 'ok' })));
    expect(events.map((e) => e.type)).toEqual(['error', 'message']);
    expect(events[0]).toMatchObject({ type: 'error', fatal: false, error: { rule: MESSAGE_TOO_LARGE } });
    expect(events[0]!.type === 'error' && events[0]!.error.head?.headers).toHaveLength(307);
    expect(callIds(events)).toEqual(['next']);
  });

  it('gives up, without a head to answer from, on a header block over maxHeadBytes', () => {
    const framer = new StreamFramer({ maxHeadBytes: 2048 });
    const extra = `X-Pad: ${'p'.repeat(3000)}\r\n`;
    const [event] = framer.push(enc(request('pad', { extra })));
    expect(event).toMatchObject({ type: 'error', fatal: true, error: { rule: MESSAGE_TOO_LARGE } });
    expect(event!.type === 'error' && event!.error.head).toBeUndefined();
  });

  it('checks the limits it is given', () => {
    expect(() => new StreamFramer({ maxHeaderLines: 0 })).toThrow(RangeError);
    expect(() => new StreamFramer({ maxBodyBytes: 1.5 })).toThrow(/maxBodyBytes/);
  });
});

describe('StreamFramer keeps the head an answer needs (as parseDatagram does)', () => {
  it('attaches the head to a framed message that does not parse, and goes on', () => {
    const framer = new StreamFramer();
    const events = framer.push(enc(request('v3').replace(' SIP/2.0\r\n', ' SIP/3.0\r\n') + request('ok')));
    expect(events[0]).toMatchObject({ type: 'error', fatal: false, error: { rule: 'SIP-Version' } });
    expect(events[0]!.type === 'error' && events[0]!.error.head?.startLine).toBe('MESSAGE sip:bob@example.com SIP/3.0');
    expect(callIds(events)).toEqual(['ok']);
  });

  it('attaches the head to a missing or bad Content-Length, which ends the stream', () => {
    for (const text of [request('ncl').replace('Content-Length: 0\r\n', ''), request('bad').replace('Content-Length: 0', 'Content-Length: five')]) {
      const [event] = new StreamFramer().push(enc(text));
      expect(event).toMatchObject({ type: 'error', fatal: true, error: { rule: 'Content-Length' } });
      expect(event!.type === 'error' && event!.error.head?.headers.length).toBeGreaterThan(5);
    }
  });

  it('reports a bare CR in a header line with the head, skips that message and goes on', () => {
    const events = new StreamFramer().push(enc(request('cr', { extra: 'Subject: a\rb\r\n', body: 'x' }) + request('after')));
    expect(events[0]).toMatchObject({ type: 'error', fatal: false, error: { rule: 'message-header', header: 'Subject' } });
    expect(callIds(events)).toEqual(['after']);
    const after = events[1]!;
    expect(after.type === 'message' && (after.message as SipRequest).bodyText).toBe('');
  });
});
