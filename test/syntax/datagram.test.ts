import { describe, expect, it } from 'vitest';
import { frameDatagram, parseMessage, SipParseError, SipRequest, SipResponse } from '../../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

const request =
  'MESSAGE sip:bob@example.com SIP/2.0\r\n' +
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\r\n' +
  'Max-Forwards: 70\r\n' +
  'To: Bob <sip:bob@example.com>\r\n' +
  'From: "Alice A." <sip:alice@example.com>;tag=1928301774\r\n' +
  'Call-ID: a84b4c76e66710@pc33.example.com\r\n' +
  'CSeq: 314159 MESSAGE\r\n' +
  'Content-Type: text/plain\r\n' +
  'Content-Length: 6\r\n' +
  '\r\n' +
  'héllo';

describe('parseMessage (datagram)', () => {
  it('parses a request from text and from bytes alike', () => {
    for (const input of [request, enc(request)]) {
      const msg = parseMessage(input);
      expect(msg).toBeInstanceOf(SipRequest);
      const req = msg as SipRequest;
      expect(req.method).toBe('MESSAGE');
      expect(req.uri.user).toBe('bob');
      expect(req.via.branch).toBe('z9hG4bK776asdhds');
      expect(req.via.rport).toBe(true);
      expect(req.via.port).toBe(5060);
      expect(req.from.displayName).toBe('Alice A.');
      expect(req.from.tag).toBe('1928301774');
      expect(req.to.tag).toBeUndefined();
      expect(req.callId).toBe('a84b4c76e66710@pc33.example.com');
      expect(req.cseq.seq).toBe(314159);
      expect(req.maxForwards).toBe(70);
      expect(req.contentType?.subtype).toBe('plain');
      expect(req.body).toEqual(enc('héllo'));
      expect(req.bodyText).toBe('héllo');
    }
  });

  it('counts Content-Length in octets, not characters', () => {
    const msg = parseMessage(request.replace('Content-Length: 6', 'Content-Length: 3'));
    expect(msg.body).toEqual(enc('hé'));
  });

  it('ignores octets after Content-Length (RFC 3261 §18.3)', () => {
    expect(parseMessage(request + 'garbage').bodyText).toBe('héllo');
  });

  it('takes the rest of the datagram as body when Content-Length is absent', () => {
    const msg = parseMessage(request.replace('Content-Length: 6\r\n', '') + 'more');
    expect(msg.bodyText).toBe('héllomore');
  });

  it('rejects a Content-Length beyond the datagram', () => {
    expect(() => parseMessage(request.replace('Content-Length: 6', 'Content-Length: 60'))).toThrow(SipParseError);
  });

  it('unfolds continuation lines and keeps unknown headers raw', () => {
    const msg = parseMessage(request.replace('Max-Forwards: 70\r\n', 'Max-Forwards: 70\r\nX-Thing: one,\r\n   two\r\n\ttwo-b\r\n'));
    expect(msg.rawHeader('x-thing')).toBe('one, two two-b');
    expect(msg.header('X-Thing')?.toString()).toBe('one, two two-b');
  });

  it('merges repeated lines and comma lists, in order', () => {
    const msg = parseMessage(
      request.replace('Max-Forwards: 70\r\n', 'Route: <sip:a@p1;lr>, <sip:b@p2;lr>\r\nMax-Forwards: 70\r\nRoute: <sip:c@p3;lr>\r\n'),
    );
    expect(msg.headers('Route').map((r) => r.uri.user)).toEqual(['a', 'b', 'c']);
    expect(msg.header('route')?.uri.host).toBe('p1');
  });

  it('understands compact forms', () => {
    const compact = request.replace('Via:', 'v:').replace('From:', 'f:').replace('Call-ID:', 'i:').replace('Content-Length:', 'l:');
    const msg = parseMessage(compact);
    expect(msg.via.host).toBe('192.0.2.1');
    expect(msg.from.tag).toBe('1928301774');
    expect(msg.callId).toBe('a84b4c76e66710@pc33.example.com');
    expect(msg.headerNames()).toContain('Call-ID');
  });

  it('parses responses', () => {
    const msg = parseMessage('SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n');
    expect(msg).toBeInstanceOf(SipResponse);
    expect((msg as SipResponse).status).toBe(180);
    expect((msg as SipResponse).reason).toBe('Ringing');
  });

  it('throws SipParseError for a header line without a colon, with its offset', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFoobar roobar\r\n\r\n';
    try {
      parseMessage(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SipParseError);
      expect((error as SipParseError).rule).toBe('HCOLON');
      expect((error as SipParseError).offset).toBe(text.indexOf('roobar'));
    }
  });

  it('throws SipParseError for a malformed header on first access, and again after', () => {
    const msg = parseMessage(request.replace('CSeq: 314159 MESSAGE', 'CSeq: x MESSAGE'));
    expect(() => msg.cseq).toThrow(SipParseError);
    expect(() => msg.cseq).toThrow(/CSeq/);
    expect(msg.callId).toBe('a84b4c76e66710@pc33.example.com');
  });

  it('throws SipParseError when a mandatory header is missing or doubled', () => {
    expect(() => parseMessage(request.replace(/Call-ID:[^\r]*\r\n/, '')).callId).toThrow(SipParseError);
    expect(() => parseMessage(request.replace('CSeq:', 'Call-ID: other\r\nCSeq:')).callId).toThrow(SipParseError);
  });

  it('rejects another SIP version', () => {
    expect(() => parseMessage(request.replace('SIP/2.0\r\n', 'SIP/7.0\r\n'))).toThrow(/version/);
  });

  it('rejects empty and binary garbage input with SipParseError', () => {
    for (const input of ['', '\r\n\r\n', new Uint8Array([0, 1, 2, 255, 13, 10, 13, 10])]) {
      expect(() => parseMessage(input)).toThrow(SipParseError);
    }
  });

  it('keeps the raw head of a message it cannot build, so a UAS can still answer 400 or 505', () => {
    for (const broken of [request.replace('MESSAGE sip:bob@example.com SIP/2.0', 'MESSAGE  sip:bob@example.com SIP/2.0'), request.replace('SIP/2.0\r\n', 'SIP/7.0\r\n'), request.replace('Content-Length: 6', 'Content-Length: -6')]) {
      try {
        parseMessage(broken);
        expect.unreachable();
      } catch (error) {
        const head = (error as SipParseError).head!;
        expect(head.startLine).toBe(broken.slice(0, broken.indexOf('\r\n')));
        expect(head.headers.find((h) => h.name === 'Via')?.value).toBe('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport');
        expect(head.headers.map((h) => h.name)).toContain('CSeq');
      }
    }
  });

  it('frameDatagram tells RFC 5626 keep-alives from messages and garbage', () => {
    expect(frameDatagram('\r\n\r\n')).toEqual({ type: 'ping' });
    expect(frameDatagram(enc('\r\n'))).toEqual({ type: 'pong' });
    const framed = frameDatagram(enc(request));
    expect(framed.type === 'message' && framed.message.callId).toBe('a84b4c76e66710@pc33.example.com');
    const bad = frameDatagram('not sip\r\n\r\n');
    expect(bad.type === 'error' && bad.error).toBeInstanceOf(SipParseError);
  });
});
