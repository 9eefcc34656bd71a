/**
 * Header values per grammar start rule: valid ones with the assertions on their parsed value,
 * and values each rule must reject. Shared by the grammar tests and the liberal-parsing
 * corpus (test/liberal/), which replays every one of them through the header classes.
 */
import { expect } from 'vitest';
import { URI, Parameters } from '../../src/syntax/values/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Check = (value: any) => void;
const plist = (p: Parameters) => p.list.map((x) => (x.quoted ? [x.name, x.value, 'quoted'] : [x.name, x.value]));

/** Valid header values per start rule, each with the assertions on the parsed value. */
export const valid: Record<string, [string, Check][]> = {
  Accept: [
    ['application/sdp;level=1, application/x-private, text/html', (v) => {
      expect(v.map((x: any) => `${x.type}/${x.subtype}`)).toEqual(['application/sdp', 'application/x-private', 'text/html']);
      expect(plist(v[0].params)).toEqual([['level', '1']]);
    }],
    ['*/*;q=0.5, text/*', (v) => expect([v[0].type, v[0].subtype, v[0].params.get('q'), v[1].subtype]).toEqual(['*', '*', '0.5', '*'])],
    ['', (v) => expect(v).toEqual([])],
    ['text/plain; charset="utf-8"', (v) => expect(plist(v[0].params)).toEqual([['charset', 'utf-8', 'quoted']])],
  ],
  AcceptEncoding: [
    ['gzip;q=1.0, identity; q=0.5, *;q=0', (v) => {
      expect(v.map((x: any) => x.value)).toEqual(['gzip', 'identity', '*']);
      expect(v[1].params.get('q')).toBe('0.5');
    }],
    ['', (v) => expect(v).toEqual([])],
  ],
  AcceptLanguage: [
    ['da, en-gb;q=0.8, en;q=0.7, *', (v) => {
      expect(v.map((x: any) => x.value)).toEqual(['da', 'en-gb', 'en', '*']);
      expect(v[1].params.get('q')).toBe('0.8');
    }],
    ['', (v) => expect(v).toEqual([])],
  ],
  AlertInfo: [
    ['<http://www.example.com/sounds/moo.wav>', (v) => {
      expect(v[0].displayName).toBeUndefined();
      expect(v[0].uri).toBeInstanceOf(URI);
      expect(v[0].uri.toString()).toBe('http://www.example.com/sounds/moo.wav');
    }],
    ['<urn:alert:service:call-waiting>;appearance=2, <sip:ring@example.com>', (v) => {
      expect(v[0].params.get('appearance')).toBe('2');
      expect(v[1].uri.host).toBe('example.com');
    }],
  ],
  Allow: [
    ['INVITE, ACK, OPTIONS, CANCEL, BYE', (v) => expect(v).toEqual(['INVITE', 'ACK', 'OPTIONS', 'CANCEL', 'BYE'].map((value) => ({ value })))],
    ['', (v) => expect(v).toEqual([])],
  ],
  AuthenticationInfo: [
    ['nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001', (v) => {
      expect(plist(v.params)).toEqual([
        ['nextnonce', '47364c23432d2e131a5fb210812c', 'quoted'], ['qop', 'auth'],
        ['rspauth', '6629fae49393a05397450978507c4ef1', 'quoted'], ['cnonce', '0a4f113b', 'quoted'], ['nc', '00000001'],
      ]);
    }],
  ],
  Authorization: [
    ['Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"', (v) => {
      expect(v.scheme).toBe('Digest');
      expect(v.params.get('username')).toBe('bob');
      expect(v.params.get('uri')).toBe('sip:bob@biloxi.com');
      expect(v.params.get('nc')).toBe('00000001');
      expect(v.params.list.find((p: any) => p.name === 'qop').quoted).toBe(false);
      expect(v.params.size).toBe(9);
    }],
    ['Digest username="a", realm="r", nonce="n", uri="sip:r", response="' + 'a'.repeat(64) + '", algorithm=SHA-256', (v) => expect(v.params.get('algorithm')).toBe('SHA-256')],
    ['Digest username="a\\"b", realm="r", algorithm=SHA-512-256-sess', (v) => {
      expect(v.params.get('username')).toBe('a"b');
      expect(v.params.get('algorithm')).toBe('SHA-512-256-sess');
    }],
    ['Digest username="a",algorithm=Future-Hash-9', (v) => expect(v.params.get('algorithm')).toBe('Future-Hash-9')],
    ['NoOneKnowsThisScheme opaque-data=here', (v) => {
      expect(v.scheme).toBe('NoOneKnowsThisScheme');
      expect(plist(v.params)).toEqual([['opaque-data', 'here']]);
    }],
  ],
  CallID: [
    ['f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com', (v) => expect(v).toEqual({ value: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com' })],
    ['intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{', (v) => expect(v.value).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{')],
    ['  a84b4c76e66710  ', (v) => expect(v.value).toBe('a84b4c76e66710')],
  ],
  CallInfo: [
    ['<http://wwww.example.com/alice/photo.jpg> ;purpose=icon, <http://www.example.com/alice/> ;purpose=info', (v) => {
      expect(v.map((x: any) => x.params.get('purpose'))).toEqual(['icon', 'info']);
      expect(v[1].uri.opaque).toBe('//www.example.com/alice/');
    }],
  ],
  Contact: [
    ['"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1', (v) => {
      expect(v).toHaveLength(2);
      expect(v[0].star).toBe(false);
      expect(v[0].displayName).toBe('Mr. Watson');
      expect(plist(v[0].params)).toEqual([['q', '0.7'], ['expires', '3600']]);
      expect(v[1].uri.scheme).toBe('mailto');
    }],
    ['*', (v) => {
      expect(v).toHaveLength(1);
      expect(v[0].star).toBe(true);
      expect(v[0].uri).toBeUndefined();
      expect(v[0].params.size).toBe(0);
    }],
    ['sip:caller@u1.example.com;unknownparam', (v) => {
      // RFC 4475 cparam01: in addr-spec form the parameter belongs to the header
      expect(v[0].uri.params.size).toBe(0);
      expect(plist(v[0].params)).toEqual([['unknownparam', null]]);
    }],
    ['<sip:caller@u1.example.com;unknownparam>', (v) => {
      // RFC 4475 cparam02: inside <> it is a uri-parameter
      expect(plist(v[0].uri.params)).toEqual([['unknownparam', null]]);
      expect(v[0].params.size).toBe(0);
    }],
    ['<sip:user@example.com?Route=%3Csip:sip.example.com%3E>', (v) => expect(v[0].uri.headers.get('Route')).toBe('%3Csip:sip.example.com%3E')],
    ['<sip:alice@pc33.atlanta.com;transport=ws;ob>;reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>";expires=600', (v) => {
      expect(v[0].params.get('+sip.instance')).toBe('<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>');
      expect(v[0].params.list[1].quoted).toBe(true);
      expect(v[0].params.get('reg-id')).toBe('1');
      expect(v[0].uri.params.has('ob')).toBe(true);
    }],
    ['"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =       newvalue ;   secondparam ; q = 0.33', (v) => {
      expect(v[0].displayName).toBe('Quoted string ""');
      expect(plist(v[0].params)).toEqual([['newparam', 'newvalue'], ['secondparam', null], ['q', '0.33']]);
    }],
    ['<sip:user@host129.example.com>  ;expires=280297596632815', (v) => expect(v[0].params.get('expires')).toBe('280297596632815')],
    ['<sip:%00@host5.example.com>, <sip:%00%00@host5.example.com>', (v) => expect(v.map((x: any) => x.uri.user)).toEqual(['%00', '%00%00'])],
  ],
  ContentDisposition: [
    ['session;handling=optional', (v) => expect([v.value, v.params.get('handling')]).toEqual(['session', 'optional'])],
    ['render', (v) => expect(v.params.size).toBe(0)],
  ],
  ContentEncoding: [['gzip, tar', (v) => expect(v).toEqual([{ value: 'gzip' }, { value: 'tar' }])]],
  ContentLanguage: [['fr, en-US, zh-Hans-CN', (v) => expect(v.map((x: any) => x.value)).toEqual(['fr', 'en-US', 'zh-Hans-CN'])]],
  ContentLength: [
    ['349', (v) => expect(v).toEqual({ value: 349 })],
    ['0', (v) => expect(v.value).toBe(0)],
    ['000150', (v) => expect(v.value).toBe(150)],
  ],
  ContentType: [
    ['application/sdp', (v) => expect([v.type, v.subtype, v.params.size]).toEqual(['application', 'sdp', 0])],
    ['text/html; charset=ISO-8859-4', (v) => expect(v.params.get('charset')).toBe('ISO-8859-4')],
    ['multipart/signed;protocol="application/pkcs7-signature";micalg=sha1;boundary=boundary42', (v) => {
      expect(plist(v.params)).toEqual([['protocol', 'application/pkcs7-signature', 'quoted'], ['micalg', 'sha1'], ['boundary', 'boundary42']]);
    }],
  ],
  CSeq: [
    ['4711 INVITE', (v) => expect(v).toEqual({ seq: 4711, method: 'INVITE' })],
    ['0009\t INVITE', (v) => expect(v).toEqual({ seq: 9, method: 'INVITE' })],
    ['2147483647 RE%47IST%45R', (v) => expect(v).toEqual({ seq: 2147483647, method: 'RE%47IST%45R' })],
  ],
  Date: [
    ['Sat, 13 Nov 2010 23:29:00 GMT', (v) => {
      expect(v.value).toBe('Sat, 13 Nov 2010 23:29:00 GMT');
      expect(v.date).toBeInstanceOf(Date);
      expect(v.date.toISOString()).toBe('2010-11-13T23:29:00.000Z');
    }],
    ['Thu, 21 Feb 2002 13:02:03 GMT', (v) => expect(v.date.getTime()).toBe(Date.UTC(2002, 1, 21, 13, 2, 3))],
  ],
  ErrorInfo: [['<sip:not-in-service-recording@atlanta.com>', (v) => expect(v[0].uri.user).toBe('not-in-service-recording')]],
  Expires: [
    ['5', (v) => expect(v).toEqual({ value: 5 })],
    ['0000', (v) => expect(v.value).toBe(0)],
    ['1' + '0'.repeat(100), (v) => expect(v.value).toBe(4294967295)],
  ],
  From: [
    ['"A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s', (v) => {
      expect(v.displayName).toBe('A. G. Bell');
      expect(v.uri.host).toBe('bell-telephone.com');
      expect(v.params.get('tag')).toBe('a48s');
    }],
    ['sip:+12125551212@server.phone2net.com;tag=887s', (v) => {
      expect(v.displayName).toBeUndefined();
      expect(v.uri.params.size).toBe(0);
      expect(v.params.get('tag')).toBe('887s');
    }],
    ['Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8', (v) => expect(v.displayName).toBe('Anonymous')],
    ['caller<sip:caller@example.com>;tag=323', (v) => expect(v.displayName).toBe('caller')],
    ['"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>   ;   tag = 98asjd8', (v) => {
      expect(v.displayName).toBe('J Rosenberg \\"');
      expect(v.params.get('tag')).toBe('98asjd8');
    }],
    ['token1~` token2\'+_ token3*%!.- <sip:mundane@example.com>;fromParam\'\'~+*_!.-%="\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439";tag=_token~1\'+`*%!-.', (v) => {
      expect(v.displayName).toBe("token1~` token2'+_ token3*%!.-");
      expect(v.params.get("fromParam''~+*_!.-%")).toBe('\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439');
      expect(v.params.get('tag')).toBe("_token~1'+`*%!-.");
    }],
    ['<http://www.example.com>;tag=3234233', (v) => expect(v.uri.opaque).toBe('//www.example.com')],
    ['sip:null-%00-null@example.com;tag=839923423', (v) => expect(v.uri.user).toBe('null-%00-null')],
  ],
  InReplyTo: [['70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com', (v) => expect(v).toEqual([{ value: '70710@saturn.bell-tel.com' }, { value: '17320@saturn.bell-tel.com' }])]],
  MaxForwards: [
    ['70', (v) => expect(v).toEqual({ value: 70 })],
    ['0068', (v) => expect(v.value).toBe(68)],
    ['255', (v) => expect(v.value).toBe(255)],
  ],
  MinExpires: [['60', (v) => expect(v).toEqual({ value: 60 })]],
  MIMEVersion: [['1.0', (v) => expect(v).toEqual({ value: '1.0' })]],
  Organization: [
    ['Boxes by Bob', (v) => expect(v).toEqual({ value: 'Boxes by Bob' })],
    ['', (v) => expect(v.value).toBe('')],
  ],
  Priority: [['emergency', (v) => expect(v).toEqual({ value: 'emergency' })]],
  ProxyAuthenticate: [
    ['Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5', (v) => {
      expect(v.scheme).toBe('Digest');
      expect(v.params.get('opaque')).toBe('');
      expect(v.params.get('stale')).toBe('FALSE');
      expect(v.params.get('algorithm')).toBe('MD5');
      expect(v.params.get('qop')).toBe('auth');
    }],
  ],
  ProxyAuthorization: [
    ['Digest username="alice", realm="atlanta.com", nonce="c60f3082ee1212b402a21831ae", response="245f23415f11432b3434341c022"', (v) => {
      expect(v.params.get('realm')).toBe('atlanta.com');
    }],
  ],
  ProxyRequire: [['foo, bar', (v) => expect(v).toEqual([{ value: 'foo' }, { value: 'bar' }])]],
  RecordRoute: [
    ['<sip:server10.biloxi.com;lr>, <sip:bigbox3.site3.atlanta.com;lr>', (v) => {
      expect(v.map((x: any) => x.uri.host)).toEqual(['server10.biloxi.com', 'bigbox3.site3.atlanta.com']);
      expect(v[0].uri.lr).toBe(true);
    }],
    ['"proxy" <sip:p1.example.com;lr;transport=ws>;foo=bar', (v) => {
      expect(v[0].displayName).toBe('proxy');
      expect(v[0].params.get('foo')).toBe('bar');
    }],
  ],
  ReplyTo: [['Bob <sip:bob@biloxi.com>', (v) => expect([v.displayName, v.uri.user]).toEqual(['Bob', 'bob'])]],
  Require: [['100rel', (v) => expect(v).toEqual([{ value: '100rel' }])]],
  RetryAfter: [
    ['18000;duration=3600', (v) => expect([v.value, v.comment, v.params.get('duration')]).toEqual([18000, undefined, '3600'])],
    ['120 (I\'m in a meeting)', (v) => expect([v.value, v.comment]).toEqual([120, "I'm in a meeting"])],
    ['4294967295', (v) => expect(v.value).toBe(4294967295)],
  ],
  Route: [['<sip:bigbox3.site3.atlanta.com;lr>, <sip:server10.biloxi.com;lr>', (v) => expect(v).toHaveLength(2)]],
  Server: [
    ['HomeServer v2', (v) => expect(v).toEqual({ value: 'HomeServer v2' })],
    ['Asterisk PBX 18.20.0', (v) => expect(v.value).toBe('Asterisk PBX 18.20.0')],
    ['Linphone/3.6.1 (belle-sip/1.2.4)', (v) => expect(v.value).toBe('Linphone/3.6.1 (belle-sip/1.2.4)')],
  ],
  Subject: [
    ['Need more boxes', (v) => expect(v.value).toBe('Need more boxes')],
    ['', (v) => expect(v.value).toBe('')],
    ['Tech  Support \u00e9t\u00e9', (v) => expect(v.value).toBe('Tech  Support \u00e9t\u00e9')],
  ],
  Supported: [
    ['100rel, path, gruu, outbound', (v) => expect(v.map((x: any) => x.value)).toEqual(['100rel', 'path', 'gruu', 'outbound'])],
    ['', (v) => expect(v).toEqual([])],
  ],
  Timestamp: [
    ['54', (v) => expect(v).toEqual({ value: '54', delay: undefined })],
    ['54.6 0.25', (v) => expect(v).toEqual({ value: '54.6', delay: '0.25' })],
  ],
  To: [
    ['The Operator <sip:operator@cs.columbia.edu>;tag=287447', (v) => {
      expect(v.displayName).toBe('The Operator');
      expect(v.params.get('tag')).toBe('287447');
    }],
    ['sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n', (v) => expect(v.params.get('tag')).toBe('1918181833n')],
    ['isbn:2983792873', (v) => expect([v.uri.scheme, v.uri.opaque]).toEqual(['isbn', '2983792873'])],
    ['"Watson, Thomas" <sip:t.watson@example.org>', (v) => expect(v.displayName).toBe('Watson, Thomas')],
    ['sip:%75se%72@example.com', (v) => expect(v.uri.user).toBe('%75se%72')],
  ],
  Unsupported: [['foo', (v) => expect(v).toEqual([{ value: 'foo' }])]],
  UserAgent: [['Softphone Beta1.5', (v) => expect(v.value).toBe('Softphone Beta1.5')], ['JsSIP 3.10.0', (v) => expect(v.value).toBe('JsSIP 3.10.0')]],
  Via: [
    ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds', (v) => {
      expect(v).toEqual([{ protocolName: 'SIP', protocolVersion: '2.0', transport: 'UDP', host: 'pc33.atlanta.com', port: undefined, params: expect.any(Parameters) }]);
      expect(plist(v[0].params)).toEqual([['branch', 'z9hG4bK776asdhds']]);
    }],
    ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKhjhs8ass877;rport', (v) => {
      expect(v[0].transport).toBe('WSS');
      expect(plist(v[0].params)).toEqual([['branch', 'z9hG4bKhjhs8ass877'], ['rport', null]]);
    }],
    ['SIP/2.0/WS 192.0.2.10:8080;received=198.51.100.4;rport=49152;branch=z9hG4bK1', (v) => {
      expect([v[0].host, v[0].port, v[0].params.get('received'), v[0].params.get('rport')]).toEqual(['192.0.2.10', 8080, '198.51.100.4', '49152']);
    }],
    ['SIP/2.0/UDP [2001:db8::9:1]:5060;received=2001:db8::9:255;branch=z9hG4bKas3', (v) => {
      expect([v[0].host, v[0].port, v[0].params.get('received')]).toEqual(['[2001:db8::9:1]', 5060, '2001:db8::9:255']);
    }],
    ['SIP/2.0/UDP first.example.com:4000;ttl=16;maddr=224.2.0.1;branch=z9hG4bKa7c6a8dlze.1', (v) => {
      expect([v[0].params.get('ttl'), v[0].params.get('maddr')]).toEqual(['16', '224.2.0.1']);
    }],
    ['SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8  ,  SIP  /    2.0   / UDP  192.168.255.111   ; branch=  z9hG4bK30239', (v) => {
      expect(v.map((x: any) => [x.transport, x.host, x.params.get('branch')])).toEqual([
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ]);
    }],
    ['SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`\'~', (v) => expect(v[0].params.get('branch')).toBe("z9hG4bK-.!%66*_+`'~")],
    ['SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en', (v) => expect(v[0].transport).toBe('UNKNOWN')],
    ['SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23', (v) => expect(v[0].host).toBe('255.255.255.255')],
    ['SIP/2.0/UDP h;x="a b"', (v) => expect(plist(v[0].params)).toEqual([['x', 'a b', 'quoted']])],
  ],
  Warning: [
    ['307 isi.edu "Session parameter \'foo\' not understood"', (v) => expect(v).toEqual([{ code: 307, agent: 'isi.edu', text: "Session parameter 'foo' not understood" }])],
    ['301 isi.edu "Incompatible network address type \'E.164\'", 399 proxy.example.com:5060 "x"', (v) => {
      expect(v.map((x: any) => [x.code, x.agent])).toEqual([[301, 'isi.edu'], [399, 'proxy.example.com:5060']]);
    }],
    ['399 - ""', (v) => expect(v[0]).toEqual({ code: 399, agent: '-', text: '' })],
  ],
  WWWAuthenticate: [
    ['Digest realm="biloxi.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"', (v) => {
      expect(v.scheme).toBe('Digest');
      expect(v.params.get('qop')).toBe('auth,auth-int');
      expect(v.params.list.every((p: any) => p.quoted)).toBe(true);
    }],
    ['Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"', (v) => expect(v.params.get('algorithm')).toBe('SHA-256')],
    ['Digest realm="x", nonce="y", algorithm=MD5-sess', (v) => expect(v.params.get('algorithm')).toBe('MD5-sess')],
    ['Newauth realm="apps", type=1, title="Login to \\"apps\\""', (v) => {
      expect(v.scheme).toBe('Newauth');
      expect(v.params.get('title')).toBe('Login to "apps"');
    }],
  ],

  RSeq: [['988789', (v) => expect(v).toEqual({ value: 988789 })]],
  RAck: [['776656 1 INVITE', (v) => expect(v).toEqual({ rseq: 776656, seq: 1, method: 'INVITE' })]],
  Reason: [
    ['SIP ;cause=200 ;text="Call completed elsewhere"', (v) => {
      expect(v[0].value).toBe('SIP');
      expect(plist(v[0].params)).toEqual([['cause', '200'], ['text', 'Call completed elsewhere', 'quoted']]);
    }],
    ['Q.850 ;cause=16 ;text="Terminated", SIP;cause=600', (v) => expect(v.map((x: any) => x.value)).toEqual(['Q.850', 'SIP'])],
  ],
  Privacy: [
    ['id', (v) => expect(v).toEqual([{ value: 'id' }])],
    ['header;session; user', (v) => expect(v.map((x: any) => x.value)).toEqual(['header', 'session', 'user'])],
  ],
  PAssertedIdentity: [
    ['"Cullen Jennings" <sip:fluffy@cisco.com>', (v) => expect([v[0].displayName, v[0].uri.user, v[0].params.size]).toEqual(['Cullen Jennings', 'fluffy', 0])],
    ['tel:+14085264000', (v) => expect([v[0].uri.scheme, v[0].uri.user]).toEqual(['tel', '+14085264000'])],
    ['<sip:alice@atlanta.com>, tel:+1-555-0100', (v) => expect(v).toHaveLength(2)],
    ['sip:+12125551212@gw.example.com;user=phone', (v) => expect(v[0].uri.userParam).toBe('phone')],
  ],
  PPreferredIdentity: [['"Cullen Jennings" <sip:fluffy@cisco.com>', (v) => expect(v[0].displayName).toBe('Cullen Jennings')]],
  Path: [['<sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>', (v) => expect(v.map((x: any) => x.uri.host)).toEqual(['P3.EXAMPLEHOME.COM', 'P1.EXAMPLEVISITED.COM'])]],
  ServiceRoute: [['<sip:P2.HOME.EXAMPLE.COM;lr>,<sip:HSP.HOME.EXAMPLE.COM;lr>', (v) => expect(v).toHaveLength(2)]],
  ReferTo: [
    ['<sip:carol@cleveland.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>', (v) => {
      expect(v.uri.headers.get('Replaces')).toBe('12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994');
    }],
    ['sip:bob@biloxi.example.net', (v) => expect(v.uri.user).toBe('bob')],
  ],
  ReferredBy: [
    ['<sip:referrer@referrer.example>;cid="20398823.2UWQFN309shb3@referrer.example"', (v) => {
      expect(plist(v.params)).toEqual([['cid', '20398823.2UWQFN309shb3@referrer.example', 'quoted']]);
    }],
  ],
  Replaces: [
    ['98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only', (v) => {
      expect(v.value).toBe('98732@sip.example.com');
      expect(plist(v.params)).toEqual([['from-tag', 'r33th4x0r'], ['to-tag', 'ff87ff'], ['early-only', null]]);
    }],
  ],
  SIPETag: [['dx200xyz', (v) => expect(v).toEqual({ value: 'dx200xyz' })]],
  SIPIfMatch: [['kwj449x', (v) => expect(v).toEqual({ value: 'kwj449x' })]],
  SessionExpires: [
    ['4000;refresher=uac', (v) => expect([v.value, v.params.get('refresher')]).toEqual([4000, 'uac'])],
    ['1800', (v) => expect(v.params.size).toBe(0)],
  ],
  MinSE: [['90', (v) => expect(v.value).toBe(90)]],
  Event: [
    ['presence', (v) => expect([v.value, v.params.size]).toEqual(['presence', 0])],
    ['refer;id=93809824', (v) => expect(v.params.get('id')).toBe('93809824')],
    ['message-summary.winfo', (v) => expect(v.value).toBe('message-summary.winfo')],
  ],
  AllowEvents: [['presence, dialog, message-summary', (v) => expect(v.map((x: any) => x.value)).toEqual(['presence', 'dialog', 'message-summary'])]],
  SubscriptionState: [
    ['active;expires=3600', (v) => expect([v.value, v.params.get('expires')]).toEqual(['active', '3600'])],
    ['terminated;reason=timeout;retry-after=30', (v) => expect(plist(v.params)).toEqual([['reason', 'timeout'], ['retry-after', '30']])],
  ],
  FlowTimer: [['120', (v) => expect(v).toEqual({ value: 120 })]],
};

/** Values each start rule must reject. */
export const invalid: Record<string, string[]> = {
  Accept: ['application', 'application/sdp,', 'application/sdp;;level=1', 'text/"html"'],
  AcceptEncoding: ['gzip,,tar', 'gzip;'],
  AcceptLanguage: ['englishlanguage-tag', 'en_US', 'abcdefghi'],
  AlertInfo: ['http://www.example.com/sounds/moo.wav', '<http://x', ''],
  Allow: ['INVITE ACK', 'INVITE,'],
  AuthenticationInfo: ['', 'nextnonce', 'qop=auth,'],
  Authorization: ['Digest', 'Digest username', 'Digest username="bob', 'Digest username="a",,realm="b"', 'Digest, username="a"'],
  CallID: ['', 'a b', 'a@b@c', 'a,b'],
  CallInfo: ['<http://x>;purpose=', 'http://x'],
  Contact: [
    'sip:user@example.com?Route=%3Csip:sip.example.com%3E', // RFC 4475 regbadct
    '"Joe" <sip:joe@example.org>;;;;', // RFC 4475 badinv01
    '*, <sip:a@b>',
    '<sip:a@b>,',
    '',
    'sip:a@b;x=',
    'Bell, Alexander <sip:a@b>',
  ],
  ContentDisposition: ['', 'session;', 'session handling'],
  ContentEncoding: ['', 'gzip tar'],
  ContentLanguage: ['', 'en_US'],
  ContentLength: ['-999', 'five', '', '1 2', '1.5'],
  ContentType: ['application', 'application/sdp;charset', 'application/sdp;', '/sdp'],
  CSeq: ['36893488147419103232 REGISTER', '9292394834772304023312 OPTIONS', '2147483648 INVITE', 'INVITE', '1', '1INVITE', '-1 INVITE'],
  Date: [
    'Fri, 01 Jan 2010 16:00:00 EST', // RFC 4475 baddate
    'Fri, 01 Jan 2010 16:00:00 UTC',
    'Fri, 01 Jan 2010 16:00:00',
    'Friday, 01 Jan 2010 16:00:00 GMT',
    'Fri, 1 Jan 2010 16:00:00 GMT',
    'Fri, 01 Jan 2010 24:00:00 GMT',
    'Fri, 32 Jan 2010 16:00:00 GMT',
  ],
  ErrorInfo: ['sip:x@y', '<sip:x@y>;'],
  Expires: ['-1', 'never', ''],
  From: [
    'Bell, Alexander <sip:a.g.bell@example.com>;tag=43', // RFC 4475 baddn
    '"Bell <sip:a.g.bell@example.com>;tag=43', // unterminated quoted string
    '<sip:caller@example.net>;tag=',
    '<sip:caller@example.net>;tag=a;',
    'sip:user;par=x@example.com',
    '<sip:a@b>, <sip:c@d>',
  ],
  InReplyTo: ['', 'a@b,'],
  MaxForwards: ['300', '256', '-1', '', 'seventy'],
  MinExpires: ['', 'x'],
  MIMEVersion: ['1', '1.', 'one'],
  Organization: ['a\rb'],
  Priority: ['', 'very urgent', '"urgent"'],
  ProxyAuthenticate: ['Digest', 'realm="x"', 'Digest realm="x",'],
  ProxyAuthorization: ['Digest', 'Digest response'],
  ProxyRequire: ['', 'foo bar'],
  RecordRoute: ['sip:p1.example.com;lr', '<sip:p1.example.com;lr>;', ''],
  ReplyTo: ['', 'Bob'],
  Require: ['', '100rel,'],
  RetryAfter: ['949302838503028349304023988', '4294967296', '', '120 (unterminated', 'soon'],
  Route: ['sip:p1.example.com;lr', '<sip:p1.example.com;lr>,,<sip:p2.example.com>', ''],
  Server: ['', 'HomeServer/', '(unbalanced'],
  Subject: ['a\r\nb'],
  Supported: ['100rel path', ','],
  Timestamp: ['', 'now', '1 2 3'],
  To: [
    '"Mr. J. User <sip:j.user@example.com>', // RFC 4475 quotbal
    '"Watson, Thomas" < sip:t.watson@example.org >', // RFC 4475 badaspec
    'Watson, Thomas <sip:t.watson@example.org>', // RFC 4475 baddn
    'sip:t.watson@example.org >',
    'sip:user@example.com?subject=x',
  ],
  Unsupported: ['', 'a b'],
  UserAgent: ['', 'UA/'],
  Via: [
    'SIP/2.0/UDP 192.0.2.15;;,;,,', // RFC 4475 badinv01
    'SIP/2.0/UDP',
    'SIP/2.0 host.example.com',
    'SIP/2.0/UDPhost.example.com',
    'SIP/2.0/UDP host.example.com;branch=',
    'SIP/2.0/UDP host.example.com;branch=z9hG4bK1,',
    'SIP/2.0/UDP host.example.com:port',
    'SIP/2.0/UDP [::1;branch=z9hG4bK1',
    'SIP/2.0/UDP host.example.com;received=1::2::3',
  ],
  Warning: ['1812 overture "In Progress"', '30 isi.edu "x"', '307 isi.edu unquoted', '307 isi.edu'],
  WWWAuthenticate: ['Digest', 'Digest realm="x" nonce="y"', 'Digest realm="x'],
  RSeq: ['', '2147483648', 'x'],
  RAck: ['776656 1', '776656 INVITE', '1 2147483648 INVITE'],
  Reason: ['', 'SIP;cause=', 'SIP,'],
  Privacy: ['', 'id;', 'id, header'],
  PAssertedIdentity: ['', '<sip:a@b>;x=y', 'sip:a@b,'],
  PPreferredIdentity: ['', 'Cullen <sip:a@b'],
  Path: ['sip:P3.EXAMPLEHOME.COM;lr', ''],
  ServiceRoute: ['sip:HSP.HOME.EXAMPLE.COM;lr', ''],
  ReferTo: ['', 'sip:carol@cleveland.example.org?Replaces=1'],
  ReferredBy: ['', 'referrer'],
  Replaces: ['', '98732@sip.example.com;', 'a b'],
  SIPETag: ['', 'a b', '"quoted"'],
  SIPIfMatch: ['', 'a,b'],
  SessionExpires: ['', 'x', '4000;'],
  MinSE: ['', '-5'],
  Event: ['', 'presence;', 'presence..winfo', '.presence'],
  AllowEvents: ['', 'presence,'],
  SubscriptionState: ['', 'active;', 'active;expires=;'],
  FlowTimer: ['', '1.5'],
};
