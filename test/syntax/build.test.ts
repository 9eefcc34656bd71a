import { describe, expect, it } from 'vitest';
import { parseMessage, parseUri, Parameters, SipRequest, SipResponse, URI, ViaHeader } from '../../src/index.js';

describe('building and serialising messages', () => {
  it('serialises a request built in code, with Content-Length in octets', () => {
    const req = new SipRequest('MESSAGE', parseUri('sip:bob@example.com'));
    req.addHeader(
      'Via',
      new ViaHeader({
        protocolName: 'SIP',
        protocolVersion: '2.0',
        transport: 'WSS',
        host: 'df7jal23ls0d.invalid',
        port: undefined,
        params: Parameters.of({ branch: 'z9hG4bKabc', rport: null }),
      }),
    );
    req.addHeader('Max-Forwards', '70');
    req.addHeader('From', '<sip:alice@example.com>;tag=xyz');
    req.addHeader('To', '<sip:bob@example.com>');
    req.addHeader('Call-ID', 'c1');
    req.addHeader('CSeq', '1 MESSAGE');
    req.addHeader('Content-Type', 'text/plain');
    req.body = 'ünïcode';
    expect(req.toString()).toBe(
      'MESSAGE sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKabc;rport\r\n' +
        'Max-Forwards: 70\r\n' +
        'From: <sip:alice@example.com>;tag=xyz\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'Call-ID: c1\r\n' +
        'CSeq: 1 MESSAGE\r\n' +
        'Content-Type: text/plain\r\n' +
        'Content-Length: 9\r\n' +
        '\r\n' +
        'ünïcode',
    );
    const again = parseMessage(req.toBytes()) as SipRequest;
    expect(again.bodyText).toBe('ünïcode');
    expect(again.via.branch).toBe('z9hG4bKabc');
    expect(again.from.uri.equals(new URI({ scheme: 'sip', user: 'alice', host: 'example.com' }))).toBe(true);
  });

  it('keeps binary bodies intact through toBytes', () => {
    const res = new SipResponse(200, 'OK');
    res.body = new Uint8Array([0, 13, 10, 255, 254]);
    const again = parseMessage(res.toBytes());
    expect(again.body).toEqual(new Uint8Array([0, 13, 10, 255, 254]));
    expect(again.contentLength).toBe(5);
  });

  it('replaces, prepends and removes headers', () => {
    const res = new SipResponse(180, 'Ringing');
    res.addHeader('Via', 'SIP/2.0/UDP b;branch=z9hG4bK2');
    res.addHeader('Via', 'SIP/2.0/UDP a;branch=z9hG4bK1', { prepend: true });
    expect(res.headers('v').map((v) => v.host)).toEqual(['a', 'b']);
    res.setHeader('Via', 'SIP/2.0/UDP c;branch=z9hG4bK3');
    expect(res.headers('Via').map((v) => v.host)).toEqual(['c']);
    res.removeHeader('via');
    expect(res.hasHeader('Via')).toBe(false);
  });

  it('sets a header where its first line was, drops its other lines, and appends it when absent', () => {
    const res = new SipResponse(200, 'OK');
    res.addHeader('Via', 'SIP/2.0/UDP a;branch=z9hG4bK1');
    res.addHeader('Supported', 'timer');
    res.addHeader('v', 'SIP/2.0/UDP b;branch=z9hG4bK2');
    res.addHeader('Allow', 'INVITE');
    res.setHeader('Via', 'SIP/2.0/UDP c;branch=z9hG4bK3');
    res.setHeader('Server', 'sipforge');
    expect(res.toString()).toBe(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK3\r\nSupported: timer\r\nAllow: INVITE\r\nServer: sipforge\r\nContent-Length: 0\r\n\r\n',
    );
  });

  it('refuses header injection through names and values', () => {
    const req = new SipRequest('OPTIONS', parseUri('sip:a@b'));
    expect(() => req.addHeader('X-A', 'v\r\nInjected: yes')).toThrow(TypeError);
    expect(() => req.addHeader('X-A\r\nB', 'v')).toThrow(TypeError);
    expect(() => req.addHeader('X A', 'v')).toThrow(TypeError);
    expect(() => new SipRequest('INV ITE', parseUri('sip:a@b'))).toThrow(TypeError);
    expect(() => new SipResponse(200, 'OK\r\nX: y')).toThrow(TypeError);
  });

  it('round-trips a parsed message: parse → serialise → parse gives the same values', () => {
    const text =
      'INVITE sip:bob@biloxi.example.com;transport=tcp SIP/2.0\r\n' +
      'v: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43\r\n' +
      'Max-Forwards: 70\r\n' +
      'Route: <sip:ss1.atlanta.example.com;lr>\r\n' +
      'From: "Alice \\"A\\"" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n' +
      't: Bob <sip:bob@biloxi.example.com>\r\n' +
      'i: 3848276298220188511@atlanta.example.com\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:alice@client.atlanta.example.com;transport=tcp>;expires=60\r\n' +
      'Content-Type: application/sdp\r\n' +
      'l: 4\r\n\r\nv=0\n';
    const first = parseMessage(text) as SipRequest;
    const second = parseMessage(first.toString()) as SipRequest;
    expect(second.uri.toString()).toBe(first.uri.toString());
    for (const name of first.headerNames()) {
      expect(second.headers(name).map(String)).toEqual(first.headers(name).map(String));
    }
    expect(second.from.displayName).toBe('Alice "A"');
    expect(second.bodyText).toBe('v=0\n');
  });
});

describe('URI equality (RFC 3261 §19.1.4)', () => {
  const eq = (a: string, b: string) => parseUri(a).equals(parseUri(b));

  it('matches the RFC examples of equivalent URIs', () => {
    expect(eq('sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp')).toBe(true);
    expect(eq('sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5')).toBe(true);
    expect(eq('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;newparam=5')).toBe(true);
    expect(eq('sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com')).toBe(true);
    expect(eq('sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x')).toBe(true);
  });

  it('matches the RFC examples of different URIs', () => {
    expect(eq('SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP')).toBe(false);
    expect(eq('sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060')).toBe(false);
    expect(eq('sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp')).toBe(false);
    expect(eq('sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp')).toBe(false);
    expect(eq('sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting')).toBe(false);
    expect(eq('sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4')).toBe(false);
    expect(eq('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off')).toBe(false);
    expect(eq('sip:alice@example.com', 'sips:alice@example.com')).toBe(false);
  });

  it('serialises back to the wire form', () => {
    for (const text of ['sip:alice:secret@atlanta.com;transport=tcp?subject=hi', 'sips:[2001:db8::10]:5061', 'tel:+1-201-555-0123', 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6']) {
      expect(parseUri(text).toString()).toBe(text);
    }
  });
});
