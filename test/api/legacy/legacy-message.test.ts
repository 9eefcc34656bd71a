import { describe, expect, it } from 'vitest';
import { LegacyRequest, LegacyResponse, NameAddrHeader } from '../../../src/api/index.js';
import { ContactHeader, parseMessage, SipRequest, SipResponse, URI, ViaHeader } from '../../../src/syntax/index.js';

const REQUEST =
  'INVITE sip:alice@abc.invalid;transport=ws SIP/2.0\r\n' +
  'Via: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKa1, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKa0\r\n' +
  'v: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKzz\r\n' +
  'Max-Forwards: 69\r\n' +
  'From: "Bob Smith" <sip:bob@example.test>;tag=b1;x-flag\r\n' +
  't: <sip:alice@example.test>\r\n' +
  'Call-ID: legacy-1@example.test\r\n' +
  'CSeq: 4711 INVITE\r\n' +
  'Contact: Bob <sip:bob@192.0.2.9;transport=ws>;expires=60\r\n' +
  'm: <sip:bob@198.51.100.1>, <sip:bob@198.51.100.2>;q=0.5\r\n' +
  'X-Custom: one, two\r\n' +
  'X-Custom: three\r\n' +
  'Content-Type: text/plain;charset=utf-8\r\n' +
  'Content-Length: 12\r\n\r\nhéllo wörl';

const RESPONSE =
  'SIP/2.0 486 Busy Here\r\n' +
  'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bKr1\r\n' +
  'From: <sip:alice@example.test>;tag=a1\r\n' +
  'To: <sip:bob@example.test>;tag=b2\r\n' +
  'Call-ID: r-1\r\n' +
  'CSeq: 2 MESSAGE\r\n' +
  'Retry-After: 30\r\n' +
  'Content-Length: 0\r\n\r\n';

const request = () => LegacyRequest.of(parseMessage(REQUEST) as SipRequest);
const response = () => LegacyResponse.of(parseMessage(RESPONSE) as SipResponse);

describe('LegacyRequest: the legacy fields of a request', () => {
  it('method, ruri, call_id, from_tag, to_tag and cseq as legacy code reads them', () => {
    const r = request();
    expect(r.method).toBe('INVITE');
    expect(r.ruri).toBeInstanceOf(URI);
    expect(r.ruri.toString()).toBe('sip:alice@abc.invalid;transport=ws');
    expect(r.call_id).toBe('legacy-1@example.test');
    expect(r.from_tag).toBe('b1');
    expect(r.to_tag).toBeUndefined();
    expect(r.cseq).toBe(4711);
  });

  it('from and to are NameAddrHeaders: uri, displayName, getParam, hasParam', () => {
    const r = request();
    expect(r.from).toBeInstanceOf(NameAddrHeader);
    expect([r.from.uri.user, r.from.uri.host, r.from.displayName]).toEqual(['bob', 'example.test', 'Bob Smith']);
    expect([r.from.getParam('tag'), r.from.getParam('TAG'), r.from.getParam('x-flag'), r.from.getParam('none')]).toEqual(['b1', 'b1', null, undefined]);
    expect([r.from.hasParam('x-flag'), r.from.hasParam('none'), r.from.tag]).toEqual([true, false, 'b1']);
    expect([r.to.uri.toString(), r.to.displayName, r.to.getParam('tag')]).toEqual(['sip:alice@example.test', undefined, undefined]);
    expect(r.from.toString()).toBe('"Bob Smith" <sip:bob@example.test>;tag=b1;x-flag');
    expect(r.from).toBe(r.from);
  });

  it('body is the text (UTF-8), the bytes stay on the typed message', () => {
    const r = request();
    expect(r.body).toBe('héllo wörl');
    expect(r.message.body).toBeInstanceOf(Uint8Array);
    expect(r.message.body.length).toBe(12);
    expect(LegacyRequest.of(parseMessage(REQUEST.replace(/Content-Type.*\r\nContent-Length: 12\r\n\r\n.*$/s, 'Content-Length: 0\r\n\r\n')) as SipRequest).body).toBe('');
  });

  it('getHeader is the raw first value; names are case-insensitive and compact forms work', () => {
    const r = request();
    expect(r.getHeader('Contact')).toBe('Bob <sip:bob@192.0.2.9;transport=ws>;expires=60');
    expect(r.getHeader('contact')).toBe(r.getHeader('m'));
    expect(r.getHeader('To')).toBe('<sip:alice@example.test>');
    expect(r.getHeader('x-custom')).toBe('one, two');
    expect(r.getHeader('Subject')).toBeUndefined();
  });

  it('getHeaders gives every value, across lines and the comma lists of list headers', () => {
    const r = request();
    expect(r.getHeaders('Contact')).toEqual([
      'Bob <sip:bob@192.0.2.9;transport=ws>;expires=60',
      '<sip:bob@198.51.100.1>',
      '<sip:bob@198.51.100.2>;q=0.5',
    ]);
    expect(r.getHeaders('Via')).toEqual([
      'SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKa1',
      'SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKa0',
      'SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKzz',
    ]);
    // An unknown header is not known to be a list: one value per line, as received.
    expect(r.getHeaders('X-Custom')).toEqual(['one, two', 'three']);
    expect(r.getHeaders('Record-Route')).toEqual([]);
  });

  it('hasHeader, and parseHeader(name, index) giving the typed header counted as getHeaders counts', () => {
    const r = request();
    expect([r.hasHeader('VIA'), r.hasHeader('t'), r.hasHeader('Route')]).toEqual([true, true, false]);
    const contact = r.parseHeader('Contact', 2);
    expect(contact).toBeInstanceOf(ContactHeader);
    expect([contact?.uri?.host, contact?.params.get('q')]).toEqual(['198.51.100.2', '0.5']);
    expect(r.parseHeader('Contact')?.expires).toBe(60);
    expect(r.parseHeader('Via', 1)).toBeInstanceOf(ViaHeader);
    expect(r.parseHeader('Via', 1)?.host).toBe('192.0.2.9');
    expect(r.parseHeader('Contact', 3)).toBeUndefined();
    expect(r.parseHeader('Route')).toBeUndefined();
  });

  it('parseHeader gives undefined for a header that does not parse (legacy), where the typed header() throws', () => {
    const r = LegacyRequest.of(parseMessage(REQUEST.replace('Max-Forwards: 69', 'Max-Forwards: lots')) as SipRequest);
    expect(r.parseHeader('Max-Forwards')).toBeUndefined();
    expect(r.getHeader('Max-Forwards')).toBe('lots');
    expect(() => r.header('Max-Forwards')).toThrow();
  });

  it('keeps the typed reading members, and one view per request', () => {
    const typed = parseMessage(REQUEST) as SipRequest;
    const r = LegacyRequest.of(typed);
    expect(r.message).toBe(typed);
    expect(LegacyRequest.of(typed)).toBe(r);
    expect(r.uri).toBe(typed.uri);
    expect([r.callId, r.bodyText]).toEqual(['legacy-1@example.test', 'héllo wörl']);
    expect(r.header('CSeq')?.method).toBe('INVITE');
    expect(r.headers('Contact')).toHaveLength(3);
    expect([r.rawHeader('Call-ID'), r.rawHeaders('X-Custom')]).toEqual(['legacy-1@example.test', ['one, two', 'three']]);
    expect(r.toString()).toBe(typed.toString());
  });
});

describe('LegacyResponse: the legacy fields of a response', () => {
  it('status_code, reason_phrase, method from CSeq, tags, cseq', () => {
    const r = response();
    expect([r.status_code, r.reason_phrase, r.method, r.cseq]).toEqual([486, 'Busy Here', 'MESSAGE', 2]);
    expect([r.from_tag, r.to_tag, r.call_id]).toEqual(['a1', 'b2', 'r-1']);
    expect(r.to.getParam('tag')).toBe('b2');
    expect([r.getHeader('Retry-After'), r.parseHeader('Retry-After')?.value, r.body]).toEqual(['30', 30, '']);
  });

  it('status and reason as the typed SipResponse names them, and one view per response', () => {
    const typed = parseMessage(RESPONSE) as SipResponse;
    const r = LegacyResponse.of(typed);
    expect([r.status, r.reason]).toEqual([486, 'Busy Here']);
    expect(LegacyResponse.of(typed)).toBe(r);
    expect(r.message).toBe(typed);
  });
});

describe('NameAddrHeader', () => {
  it('parses a name-addr with parameters (legacy NameAddrHeader.parse), undefined when it does not parse', () => {
    const parsed = NameAddrHeader.parse('"Carol" <sip:carol@example.test>;tag=c9');
    expect([parsed?.displayName, parsed?.uri.toString(), parsed?.getParam('tag')]).toEqual(['Carol', 'sip:carol@example.test', 'c9']);
    expect(NameAddrHeader.parse('<sip:carol@example.test')).toBeUndefined();
  });

  it('is built from a URI as the legacy constructor was', () => {
    const header = new NameAddrHeader(new URI({ scheme: 'sip', user: 'dave', host: 'example.test' }), 'Dave');
    expect([header.toString(), header.tag, header.hasParam('tag')]).toEqual(['"Dave" <sip:dave@example.test>', undefined, false]);
  });
});
