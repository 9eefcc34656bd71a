import { describe, expect, test } from 'vitest';
import { URI, Parameters } from '../../src/syntax/values/index.js';
import { parse } from './parser.js';

interface RequestLine { method: string; uri: URI; version: string }
interface StatusLine { version: string; status: number; reason: string }
interface NameAddr { displayName?: string; uri: URI }

const list = (p: Parameters) => p.list.map((x) => [x.name, x.value]);

describe('RequestLine (RFC 3261 §25.1 Request-Line)', () => {
  test('RFC 3261 §24.2 INVITE', () => {
    const r = parse<RequestLine>('RequestLine', 'INVITE sip:bob@biloxi.com SIP/2.0');
    expect(r.method).toBe('INVITE');
    expect(r.uri).toBeInstanceOf(URI);
    expect(r.uri.user).toBe('bob');
    expect(r.uri.host).toBe('biloxi.com');
    expect(r.version).toBe('SIP/2.0');
  });

  test('RFC 4475 intmeth: unusual method and userinfo', () => {
    const r = parse<RequestLine>(
      'RequestLine',
      "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0",
    );
    expect(r.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(r.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(r.uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(r.uri.host).toBe('example.com');
  });

  test('RFC 4475 esc02 / semiuri / unkscm / novelsc / escruri', () => {
    expect(parse<RequestLine>('RequestLine', 'RE%47IST%45R sip:registrar.example.com SIP/2.0').method).toBe('RE%47IST%45R');
    expect(parse<RequestLine>('RequestLine', 'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0').uri.user).toBe('user;par=u%40example.net');
    const unk = parse<RequestLine>('RequestLine', 'OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0').uri;
    expect([unk.scheme, unk.opaque]).toEqual(['nobodyKnowsThisScheme', 'totallyopaquecontent']);
    expect(parse<RequestLine>('RequestLine', 'OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0').uri.opaque).toBe('//192.0.2.103:3002');
    const esc = parse<RequestLine>('RequestLine', 'INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0').uri;
    expect(list(esc.headers)).toEqual([['Route', '%3Csip:example.com%3E']]);
  });

  test('SIP-Version: "SIP" is case-insensitive, any digits (RFC 4475 badvers parses)', () => {
    expect(parse<RequestLine>('RequestLine', 'OPTIONS sip:t.watson@example.org sip/7.0').version).toBe('sip/7.0');
    expect(parse<RequestLine>('RequestLine', 'OPTIONS sip:t.watson@example.org SIP/2.10').version).toBe('SIP/2.10');
  });

  test.each([
    ['RFC 4475 ltgtruri', 'INVITE <sip:user@example.com> SIP/2.0'],
    ['RFC 4475 lwsruri', 'INVITE sip:user@example.com; lr SIP/2.0'],
    ['RFC 4475 lwsstart', 'INVITE  sip:user@example.com  SIP/2.0'],
    ['RFC 4475 trws', 'OPTIONS sip:remote-target@example.com SIP/2.0  '],
    ['RFC 4475 test.dat', 'INVITE sip:user@example.com'],
    ['bad version', 'INVITE sip:user@example.com SIP/2'],
    ['bad version', 'INVITE sip:user@example.com HTTP/1.1'],
    ['no method', ' sip:user@example.com SIP/2.0'],
  ])('rejects %s: %j', (_, line) => {
    expect(() => parse('RequestLine', line)).toThrow();
  });
});

describe('StatusLine (RFC 3261 §25.1 Status-Line)', () => {
  test('valid', () => {
    expect(parse<StatusLine>('StatusLine', 'SIP/2.0 180 Ringing')).toEqual({ version: 'SIP/2.0', status: 180, reason: 'Ringing' });
    expect(parse<StatusLine>('StatusLine', 'SIP/2.0 100 ')).toEqual({ version: 'SIP/2.0', status: 100, reason: '' });
    expect(parse<StatusLine>('StatusLine', 'SIP/2.0 100').reason).toBe('');
    expect(parse<StatusLine>('StatusLine', 'SIP/2.0 699 Extension-code;%20ok').status).toBe(699);
    const unreason = 'SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435';
    expect(parse<StatusLine>('StatusLine', unreason).reason).toBe(unreason.slice(12));
  });

  test.each([
    ['RFC 4475 bigcode', 'SIP/2.0 4294967301 better not break the receiver'],
    ['two-digit code', 'SIP/2.0 20 OK'],
    ['no version', '200 OK'],
    ['CR in reason', 'SIP/2.0 200 O\rK'],
  ])('rejects %s', (_, line) => {
    expect(() => parse('StatusLine', line)).toThrow();
  });
});

describe('URI (RFC 3261 §19.1, §25.1 SIP-URI / SIPS-URI / absoluteURI; RFC 3966 tel)', () => {
  test('SIP URI with everything', () => {
    const u = parse<URI>('URI', 'sips:alice:secret@atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent');
    expect(u).toBeInstanceOf(URI);
    expect([u.scheme, u.user, u.password, u.host, u.port]).toEqual(['sips', 'alice', 'secret', 'atlanta.com', 5061]);
    expect(list(u.params)).toEqual([['transport', 'tcp'], ['lr', null], ['maddr', '239.255.255.1']]);
    expect(list(u.headers)).toEqual([['subject', 'project%20x'], ['priority', 'urgent']]);
    expect(u.toString()).toBe('sips:alice:secret@atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent');
  });

  test('hosts: hostname, trailing dot, IPv4, IPv6 reference', () => {
    expect(parse<URI>('URI', 'sip:atlanta.com.').host).toBe('atlanta.com.');
    expect(parse<URI>('URI', 'sip:192.0.2.4').host).toBe('192.0.2.4');
    expect(parse<URI>('URI', 'sip:1.2.3.4.example.com').host).toBe('1.2.3.4.example.com');
    const v6 = parse<URI>('URI', 'sip:[2001:db8::10]:5070');
    expect([v6.host, v6.port]).toEqual(['[2001:db8::10]', 5070]);
    expect(parse<URI>('URI', 'sip:user@[::ffff:192.0.2.1]').host).toBe('[::ffff:192.0.2.1]');
    expect(parse<URI>('URI', 'sip:[1:2:3:4:5:6:7:8]').host).toBe('[1:2:3:4:5:6:7:8]');
  });

  test('escapes are kept (RFC 4475 esc01, escnull)', () => {
    const u = parse<URI>('URI', 'sip:sips%3Auser%40example.com@example.net');
    expect(u.user).toBe('sips%3Auser%40example.com');
    expect(parse<URI>('URI', 'sip:null-%00-null@example.com').user).toBe('null-%00-null');
    expect(list(parse<URI>('URI', 'sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31').params)).toEqual([
      ['%6C%72', null],
      ['n%61me', 'v%61lue%25%34%31'],
    ]);
  });

  test('RFC 7118 §5.2 transport=ws, user=phone', () => {
    const u = parse<URI>('URI', 'sip:+12125551212@gateway.example.com;user=phone;transport=ws');
    expect(u.transport).toBe('ws');
    expect(u.userParam).toBe('phone');
  });

  test('tel URIs (RFC 3966)', () => {
    const t = parse<URI>('URI', 'tel:+1-201-555-0123');
    expect([t.scheme, t.user, t.host]).toEqual(['tel', '+1-201-555-0123', '']);
    const l = parse<URI>('URI', 'tel:7042;phone-context=example.com;ext=22');
    expect(l.user).toBe('7042');
    expect(list(l.params)).toEqual([['phone-context', 'example.com'], ['ext', '22']]);
    expect(l.toString()).toBe('tel:7042;phone-context=example.com;ext=22');
  });

  test('absolute URIs keep everything after the scheme', () => {
    for (const s of ['http://www.example.com/alice/photo.jpg', 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', 'mailto:watson@bell-telephone.com', 'cid:abc@example.com', 'im:alice@atlanta.com']) {
      const u = parse<URI>('URI', s);
      expect(u.toString()).toBe(s);
      expect(u.opaque).toBe(s.slice(s.indexOf(':') + 1));
    }
  });

  test.each([
    'sip:',
    'sip:user@',
    'sip:user@example.com; lr',
    'sip:user@exa mple.com',
    'sip:-bad.example.com',
    'sip:example.123',
    'sip:256.1.1.1',
    'sip:1.2.3',
    'sip:[2001:db8::1::2]',
    'sip:[1:2:3:4:5:6:7:8:9]',
    'sip:[fffff::1]',
    'sip:user@host;transport=',
    'sip:user@host?a',
    'sip:alice@atlanta.com;%zz',
    'sip:al%2gice@atlanta.com',
    '<sip:user@example.com>',
    'tel:',
    'tel:+-',
    'tel:alice',
    '1http://example.com',
    'noscheme',
    'http:',
  ])('rejects %j', (s) => {
    expect(() => parse('URI', s)).toThrow();
  });
});

describe('NameAddrOrAddrSpec (RFC 3261 §25.1 name-addr / addr-spec)', () => {
  test('name-addr forms', () => {
    const a = parse<NameAddr>('NameAddrOrAddrSpec', '"Bob \\"the\\" Builder" <sip:bob@biloxi.com;transport=ws>');
    expect(a.displayName).toBe('Bob "the" Builder');
    expect(a.uri.transport).toBe('ws');
    const b = parse<NameAddr>('NameAddrOrAddrSpec', 'Alice Liddell <sip:alice@atlanta.com>');
    expect(b.displayName).toBe('Alice Liddell');
    expect(parse<NameAddr>('NameAddrOrAddrSpec', 'caller<sip:caller@example.com>').displayName).toBe('caller');
    expect(parse<NameAddr>('NameAddrOrAddrSpec', '<sip:x@y>').displayName).toBeUndefined();
    expect(parse<NameAddr>('NameAddrOrAddrSpec', '"" <sip:x@y>').displayName).toBe('');
  });

  test('addr-spec keeps uri-parameters and headers', () => {
    const a = parse<NameAddr>('NameAddrOrAddrSpec', 'sip:bob@biloxi.com;transport=tcp?subject=x');
    expect(a.displayName).toBeUndefined();
    expect(a.uri.transport).toBe('tcp');
    expect(a.uri.headers.get('subject')).toBe('x');
    expect(parse<NameAddr>('NameAddrOrAddrSpec', 'tel:+14085264000').uri.user).toBe('+14085264000');
  });

  test.each([
    '"Mr. J. User <sip:j.user@example.com>',
    'Bell, Alexander <sip:a.g.bell@bell-tel.com>',
    '"Watson, Thomas" < sip:t.watson@example.org >',
    '<sip:bob@biloxi.com',
    'Bob',
    '',
  ])('rejects %j', (s) => {
    expect(() => parse('NameAddrOrAddrSpec', s)).toThrow();
  });
});
