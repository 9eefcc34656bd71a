/**
 * RFC 4475 "SIP Torture Test Messages": one test per message of the RFC's archive
 * (test/fixtures/rfc4475/, byte-exact), asserting the verdict INDEX.md gives it and the
 * concrete values the RFC text calls out.
 *
 * - §3.1.1 (valid), §3.2.1, §3.3 (syntactically valid), §3.4 (RFC 2543 syntax):
 *   `parseMessage` and `parseHeaders()` succeed and the called-out values come out right.
 * - §3.1.2 (invalid, except baddate: see its test) and §3.3.9 mcl01: `parseFully` (parseMessage + parseHeaders + the
 *   via/from/to/callId/cseq shortcuts) throws, and what it throws is a SipParseError.
 * - insuf, multi01: syntactically fine, semantically broken (see their tests).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage, SipParseError, URI } from '../src/index.js';
import { bytesAfterBlankLine, fixture, fixtureNames, RFC4475_DIR, sha256sums } from './support/fixtures.js';
import {
  asRequest,
  asResponse,
  expectSipParseError,
  onlySipParseError,
  parseFully,
  view,
  views,
  type AuthView,
  type ContactView,
  type MediaTypeView,
  type NameAddrView,
  type NumberView,
  type SipMessage,
  type TokenView,
  type ViaView,
} from './support/parse.js';

/** Parse a valid message: framing, start line and every header value must succeed. */
function parseValid(name: string): SipMessage {
  const msg = parseMessage(fixture(name));
  msg.parseHeaders();
  return msg;
}

function paramList(params: Iterable<{ name: string; value: string | null }>): Array<[string, string | null]> {
  return [...params].map((p) => [p.name, p.value]);
}

const SDP_150 = 'v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.';

// ---------------------------------------------------------------------------------------
// Valid messages (§3.1.1, §3.2, §3.3 except mcl01, §3.4)
// ---------------------------------------------------------------------------------------

const valid: Record<string, () => void> = {
  // §3.1.1.1 A Short Tortuous INVITE
  wsinv() {
    const msg = asRequest(parseValid('wsinv'));
    expect(msg.method).toBe('INVITE');
    expect(msg.version).toBe('SIP/2.0');
    expect(msg.uri.toString()).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    expect(msg.uri.params.get('unknownparam')).toBeNull();

    // "TO :" folded onto the next line; LWS around ';' and '='.
    const to = view<NameAddrView>(msg.to);
    expect(to.displayName).toBeUndefined();
    expect(to.uri.toString()).toBe('sip:vivekg@chair-dnrc.example.com');
    expect(to.tag).toBe('1918181833n');

    // "J Rosenberg \\\"" : quoted-pairs \\ and \" decode to \ and ".
    const from = view<NameAddrView>(msg.from);
    expect(from.displayName).toBe('J Rosenberg \\"');
    expect(from.uri.toString()).toBe('sip:jdrosen@example.com');
    expect(from.tag).toBe('98asjd8');

    // Leading zeros.
    expect(msg.maxForwards).toBe(68);
    expect(view<NumberView>(msg.header('Max-Forwards')).value).toBe(68);
    expect(msg.cseq.seq).toBe(9);
    expect(msg.cseq.method).toBe('INVITE');
    expect(msg.callId).toBe('wsinv.ndaksdj@192.0.2.1');
    expect(msg.contentLength).toBe(150);
    expect(msg.contentType?.type).toBe('application');
    expect(msg.contentType?.subtype).toBe('sdp');

    // "Via  : SIP  /   2.0 /UDP ..." then "v:" with a two-value comma list, all folded.
    const vias = views<ViaView>(msg, 'Via');
    expect(vias.map((v) => [v.protocolName, v.protocolVersion, v.transport, v.host, v.port, v.branch])).toEqual([
      ['SIP', '2.0', 'UDP', '192.0.2.2', undefined, '390skdjuw'],
      ['SIP', '2.0', 'TCP', 'spindle.example.com', undefined, 'z9hG4bK9ikj8'],
      ['SIP', '2.0', 'UDP', '192.168.255.111', undefined, 'z9hG4bK30239'],
    ]);
    expect(view<ViaView>(msg.via).branch).toBe('390skdjuw');
    expect(views<ViaView>(msg, 'v')).toHaveLength(3);

    // "s :" — an empty Subject (compact form).
    expect(msg.rawHeader('Subject')).toBe('');
    expect(view<TokenView>(msg.header('Subject')).value).toBe('');
    expect(view<TokenView>(msg.header('s')).value).toBe('');

    // Unknown headers are kept raw; folding collapses to a single SP (RFC 3261 §7.3.1).
    expect(msg.rawHeader('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(msg.rawHeader('newfangledheader')).toBe('newfangled value continued newfangled value');
    expect(msg.rawHeader('UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');

    const routes = views<NameAddrView>(msg, 'Route');
    expect(routes).toHaveLength(1);
    expect(routes[0]!.uri.toString()).toBe('sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    expect(routes[0]!.uri.lr).toBe(true);
    expect(routes[0]!.uri.params.get('unknown-no-value')).toBeNull();

    // "m:" compact Contact, display name with escaped quotes, LWS-laden params.
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.star).toBe(false);
    expect(contacts[0]!.displayName).toBe('Quoted string ""');
    expect(contacts[0]!.uri?.toString()).toBe('sip:jdrosen@example.com');
    expect(paramList(contacts[0]!.params)).toEqual([
      ['newparam', 'newvalue'],
      ['secondparam', null],
      ['q', '0.33'],
    ]);
    expect(msg.contact).toHaveLength(1);

    expect(msg.headerNames()).toEqual([
      'To',
      'From',
      'Max-Forwards',
      'Call-ID',
      'Content-Length',
      'CSeq',
      'Via',
      'Subject',
      'NewFangledHeader',
      'UnknownHeaderWithUnusualValue',
      'Content-Type',
      'Route',
      'Contact',
    ]);
    expect(msg.body).toHaveLength(150);
    expect(msg.body).toEqual(bytesAfterBlankLine(fixture('wsinv')));
    expect(msg.bodyText.startsWith(SDP_150 + '3\r\n')).toBe(true);
  },

  // §3.1.1.2 Wide Range of Valid Characters
  intmeth() {
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    const msg = asRequest(parseValid('intmeth'));
    expect(msg.method).toBe(method);
    const uriText =
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com";
    expect(msg.uri.scheme).toBe('sip');
    expect(msg.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(msg.uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(msg.uri.host).toBe('example.com');
    expect(msg.uri.params.size).toBe(0);
    expect(msg.uri.toString()).toBe(uriText);

    expect(view<ViaView>(msg.via).branch).toBe("z9hG4bK-.!%66*_+`'~");
    expect(view<ViaView>(msg.via).transport).toBe('TCP');

    // quoted-pairs for BEL, NUL and DEL decode to the characters themselves.
    const to = view<NameAddrView>(msg.to);
    expect(to.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(to.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(to.uri.host).toBe('example.com');

    // Display name made of several tokens; an unknown param with token-char name and UTF-8 quoted value.
    const from = view<NameAddrView>(msg.from);
    expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(from.uri.toString()).toBe('sip:mundane@example.com');
    expect(from.params.get("fromParam''~+*_!.-%")).toBe('работающий');
    expect(from.tag).toBe("_token~1'+`*%!-.");

    // Call-ID "word" characters: % is not an escape, " does not open a string, brackets need no balance.
    expect(msg.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(msg.cseq.seq).toBe(139122385);
    expect(msg.cseq.method).toBe(method);
    expect(msg.maxForwards).toBe(255);
    expect(msg.rawHeader("extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
    expect(msg.contentLength).toBe(0);
    expect(msg.body).toHaveLength(0);
  },

  // §3.1.1.3 Valid Use of the % Escaping Mechanism — URIs keep the wire form.
  esc01() {
    const msg = asRequest(parseValid('esc01'));
    expect(msg.uri.user).toBe('sips%3Auser%40example.com');
    expect(msg.uri.host).toBe('example.net');
    expect(msg.uri.toString()).toBe('sip:sips%3Auser%40example.com@example.net');
    expect(view<NameAddrView>(msg.to).uri.user).toBe('%75se%72');
    expect(view<NameAddrView>(msg.to).uri.equals(new URI({ scheme: 'sip', user: 'user', host: 'example.com' }))).toBe(true);
    expect(view<NameAddrView>(msg.from).uri.user).toBe('I%20have%20spaces');
    expect(view<NameAddrView>(msg.from).tag).toBe('938');
    expect(msg.callId).toBe('esc01.239409asdfakjkn23onasd0-3234');
    expect(msg.contentType?.subtype).toBe('sdp');
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts).toHaveLength(1);
    const uri = contacts[0]!.uri!;
    expect(uri.user).toBe('cal%6Cer');
    expect(paramList(uri.params)).toEqual([
      ['%6C%72', null],
      ['n%61me', 'v%61lue%25%34%31'],
    ]);
    expect(uri.toString()).toBe('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
    expect(msg.body).toHaveLength(150);
  },

  // §3.1.1.4 Escaped Nulls in URIs — two distinct contacts, usernames not truncated.
  escnull() {
    const msg = asRequest(parseValid('escnull'));
    expect(msg.method).toBe('REGISTER');
    expect(view<NameAddrView>(msg.to).uri.user).toBe('null-%00-null');
    expect(view<NameAddrView>(msg.from).uri.user).toBe('null-%00-null');
    expect(view<NameAddrView>(msg.from).tag).toBe('839923423');
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts).toHaveLength(2);
    expect(contacts[0]!.uri!.user).toBe('%00');
    expect(contacts[1]!.uri!.user).toBe('%00%00');
    expect(contacts[0]!.uri!.toString()).toBe('sip:%00@host5.example.com');
    expect(contacts[1]!.uri!.toString()).toBe('sip:%00%00@host5.example.com');
    expect(contacts[0]!.uri!.equals(contacts[1]!.uri!)).toBe(false);
    expect(msg.contentLength).toBe(0);
  },

  // §3.1.1.5 Use of % When It Is Not an Escape
  esc02() {
    const msg = asRequest(parseValid('esc02'));
    expect(msg.method).toBe('RE%47IST%45R');
    expect(msg.method).not.toBe('REGISTER');
    expect(msg.cseq.method).toBe('RE%47IST%45R');
    expect(msg.cseq.seq).toBe(29344);
    expect(view<NameAddrView>(msg.to).displayName).toBe('%Z%45');
    expect(view<NameAddrView>(msg.from).displayName).toBe('%Z%45');
    expect(view<ViaView>(msg.via).branch).toBe('z9hG4bK209%fzsnel234');
    // Two Contact values, not three: "C%6Fntact" is an unknown header.
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts.map((c) => c.uri!.toString())).toEqual([
      'sip:alias1@host1.example.com',
      'sip:alias3@host3.example.com',
    ]);
    expect(msg.rawHeaders('C%6Fntact')).toEqual(['<sip:alias2@host2.example.com>']);
  },

  // §3.1.1.6 No LWS between display name and <
  lwsdisp() {
    const msg = asRequest(parseValid('lwsdisp'));
    const from = view<NameAddrView>(msg.from);
    expect(from.displayName).toBe('caller');
    expect(from.uri.toString()).toBe('sip:caller@example.com');
    expect(from.tag).toBe('323');
  },

  // §3.1.1.7 Long Values in Header Fields
  longreq() {
    const msg = asRequest(parseValid('longreq'));
    const to = view<NameAddrView>(msg.to);
    const displayName = 'I have a user name of ' + 'extreme'.repeat(10) + ' proportion';
    expect(to.displayName).toBe(displayName);
    expect(to.displayName).toHaveLength(103);
    expect(to.uri.port).toBe(6000);
    expect(paramList(to.uri.params)).toEqual([
      ['unknownparam1', 'very' + 'long'.repeat(20) + 'value'],
      ['longparam' + 'name'.repeat(25), 'shortvalue'],
      ['very' + 'long'.repeat(25) + 'ParameterNameWithNoValue', null],
    ]);
    const from = view<NameAddrView>(msg.from);
    expect(from.uri.user).toBe('amazinglylongcallername'.repeat(5));
    expect(from.tag).toBe('12' + '982'.repeat(50) + '424');
    expect(from.params.get('unknownheaderparam' + 'name'.repeat(20))).toBe('unknowheaderparam' + 'value'.repeat(15));
    expect(from.params.get('unknownValueless' + 'paramname'.repeat(10))).toBeNull();
    expect(msg.callId).toBe('longreq.one' + 'really'.repeat(20) + 'longcallid');
    expect(msg.rawHeader('Unknown-' + 'Long'.repeat(20) + '-Name')).toBe(
      `unknown-${'long'.repeat(20)}-value; unknown-${'long'.repeat(20)}-parameter-name = unknown-${'long'.repeat(20)}-parameter-value`,
    );
    // 33 single Via lines in every spelling of the name, then one with a long branch.
    const vias = views<ViaView>(msg, 'Via');
    expect(vias).toHaveLength(34);
    expect(vias.slice(0, 33).map((v) => v.host)).toEqual(Array.from({ length: 33 }, (_, i) => `sip${33 - i}.example.com`));
    expect(vias.every((v) => v.transport === 'TCP')).toBe(true);
    expect(vias[33]!.host).toBe('host.example.com');
    expect(vias[33]!.received).toBe('192.0.2.5');
    expect(vias[33]!.branch).toBe('very' + 'long'.repeat(50) + 'branchvalue');
    expect(view<ViaView>(msg.via).host).toBe('sip33.example.com');
    expect(msg.contact?.[0]?.uri?.user).toBe('amazinglylongcallername'.repeat(5));
    expect(msg.contentLength).toBe(150);
    expect(msg.body).toHaveLength(150);
  },

  // §3.1.1.8 Extra Trailing Octets in a UDP Datagram — only the REGISTER.
  dblreq() {
    const msg = asRequest(parseValid('dblreq'));
    expect(msg.method).toBe('REGISTER');
    expect(msg.uri.toString()).toBe('sip:example.com');
    expect(msg.callId).toBe('dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    expect(msg.cseq.seq).toBe(8);
    expect(msg.cseq.method).toBe('REGISTER');
    expect(msg.contentLength).toBe(0);
    expect(msg.body).toHaveLength(0);
    expect(msg.bodyText).toBe('');
    expect(views<ViaView>(msg, 'Via')).toHaveLength(1);
    expect(view<ViaView>(msg.via).branch).toBe('z9hG4bKkdjuw23492');
    expect(msg.contentType).toBeUndefined();
    expect(msg.headerNames()).not.toContain('Content-Type');
    expect(msg.contact?.map((c) => c.uri?.toString())).toEqual(['sip:j.user@host.example.com']);
    expect(msg.toString()).not.toContain('INVITE');
  },

  // §3.1.1.9 Semicolon-Separated Parameters in URI User Part
  semiuri() {
    const msg = asRequest(parseValid('semiuri'));
    expect(msg.method).toBe('OPTIONS');
    expect(msg.uri.user).toBe('user;par=u%40example.net');
    expect(msg.uri.host).toBe('example.com');
    expect(msg.uri.params.size).toBe(0);
    expect(msg.uri.toString()).toBe('sip:user;par=u%40example.net@example.com');
    const accept = views<MediaTypeView>(msg, 'Accept').map((a) => `${a.type}/${a.subtype}`);
    expect(accept).toEqual([
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  },

  // §3.1.1.10 Varied and Unknown Transport Types
  transports() {
    const msg = asRequest(parseValid('transports'));
    const vias = views<ViaView>(msg, 'Via');
    expect(vias.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect(vias.map((v) => v.host)).toEqual(['t1', 't2', 't3', 't4', 't5'].map((h) => `${h}.example.com`));
    expect(msg.callId).toBe('transports.kijh4akdnaqjkwendsasfdj');
  },

  // §3.1.1.11 Multipart MIME Message — binary body framed by Content-Length.
  mpart01() {
    const data = fixture('mpart01');
    const msg = asRequest(parseValid('mpart01'));
    expect(msg.method).toBe('MESSAGE');
    expect(msg.contentLength).toBe(553);
    const expected = bytesAfterBlankLine(data);
    expect(expected).toHaveLength(553);
    expect(msg.body).toHaveLength(553);
    expect(Buffer.from(msg.body).equals(Buffer.from(expected))).toBe(true);
    expect(msg.body.includes(0)).toBe(true);
    expect(msg.contentType?.type).toBe('multipart');
    expect(msg.contentType?.subtype).toBe('mixed');
    expect(msg.contentType?.params.get('boundary')).toBe('7a9cbec02ceef655');
    const via = view<ViaView>(msg.via);
    expect(via.host).toBe('127.0.0.1');
    expect(via.port).toBe(5070);
    expect(via.branch).toBe('z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-');
    expect(via.params.has('rport')).toBe(true);
    expect(via.params.get('rport')).toBeNull();
    expect(msg.callId).toBe('3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..');
    // Serialising must not touch the binary body either.
    const again = parseMessage(msg.toBytes());
    expect(Buffer.from(again.body).equals(Buffer.from(expected))).toBe(true);
  },

  // §3.1.1.12 Unusual Reason Phrase
  unreason() {
    const msg = asResponse(parseValid('unreason'));
    expect(msg.status).toBe(200);
    expect(msg.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect(msg.contentLength).toBe(154);
    expect(msg.body).toHaveLength(154);
    expect(view<NameAddrView>(msg.to).tag).toBe('2229');
  },

  // §3.1.1.13 Empty Reason Phrase
  noreason() {
    const msg = asResponse(parseValid('noreason'));
    expect(msg.status).toBe(100);
    expect(msg.reason).toBe('');
    expect(msg.cseq.method).toBe('INVITE');
  },

  // §3.2.1 Missing Transaction Identifier — parses; the branch is just the cookie.
  badbranch() {
    const msg = asRequest(parseValid('badbranch'));
    expect(view<ViaView>(msg.via).branch).toBe('z9hG4bK');
    expect(msg.callId).toBe('badbranch.sadonfo23i420jv0as0derf3j3n');
  },

  // §3.1.2.12 Invalid Time Zone in Date Header Field: "an element wishing to be liberal in what it
  // accepts could ignore this value altogether if it wasn't going to use the Date header field".
  // Date is informational (grammar/headers.ts): the value stays readable as text, not as a date.
  baddate() {
    const msg = asRequest(parseValid('baddate'));
    const date = msg.header('Date')!;
    expect(date.conforms).toBe(false);
    if (date.conforms) return;
    expect(date.text).toBe('Fri, 01 Jan 2010 16:00:00 EST');
    expect(date.error).toBeInstanceOf(SipParseError);
    expect(date.error.rule).toBe('Date');
    expect(msg.callId).toBe('baddate.239423mnsadf3j23lj42--sedfnm234');
  },

  // §3.3.1 Missing Required Header Fields — parses, but Call-ID/From/To are absent.
  insuf() {
    const msg = asRequest(parseValid('insuf'));
    expect(msg.method).toBe('INVITE');
    expect(msg.cseq.seq).toBe(193942);
    expect(view<ViaView>(msg.via).branch).toBe('z9hG4bKkdj.insuf');
    expect(msg.body).toHaveLength(152);
    expectSipParseError(() => msg.callId);
    expectSipParseError(() => msg.from);
    expectSipParseError(() => msg.to);
    expect(msg.header('Call-ID')).toBeUndefined();
    expect(msg.headers('From')).toEqual([]);
  },

  // §3.3.2 Request-URI with Unknown Scheme
  unkscm() {
    const msg = asRequest(parseValid('unkscm'));
    expect(msg.uri.scheme.toLowerCase()).toBe('nobodyknowsthisscheme');
    expect(msg.uri.opaque).toBe('totallyopaquecontent');
    expect(msg.uri.isSip).toBe(false);
  },

  // §3.3.3 Request-URI with Known but Atypical Scheme
  novelsc() {
    const msg = asRequest(parseValid('novelsc'));
    expect(msg.uri.scheme).toBe('soap.beep');
    expect(msg.uri.opaque).toBe('//192.0.2.103:3002');
    expect(msg.uri.toString()).toBe('soap.beep://192.0.2.103:3002');
  },

  // §3.3.4 Unknown URI Schemes in Header Fields
  unksm2() {
    const msg = asRequest(parseValid('unksm2'));
    const to = view<NameAddrView>(msg.to);
    expect(to.uri.scheme).toBe('isbn');
    expect(to.uri.opaque).toBe('2983792873');
    const from = view<NameAddrView>(msg.from);
    expect(from.uri.scheme).toBe('http');
    expect(from.uri.toString()).toBe('http://www.example.com');
    expect(from.tag).toBe('3234233');
    expect(msg.contact?.[0]?.uri?.scheme).toBe('name');
    expect(msg.contact?.[0]?.uri?.opaque).toBe('John_Smith');
  },

  // §3.3.5 Proxy-Require and Require
  bext01() {
    const msg = asRequest(parseValid('bext01'));
    expect(views<TokenView>(msg, 'Require').map((t) => t.value)).toEqual([
      'nothingSupportsThis',
      'nothingSupportsThisEither',
    ]);
    expect(views<TokenView>(msg, 'Proxy-Require').map((t) => t.value)).toEqual([
      'noProxiesSupportThis',
      'norDoAnyProxiesSupportThis',
    ]);
    expect(view<ViaView>(msg.via).transport).toBe('TLS');
  },

  // §3.3.6 Unknown Content-Type
  invut() {
    const msg = asRequest(parseValid('invut'));
    expect(msg.contentType?.type).toBe('application');
    expect(msg.contentType?.subtype).toBe('unknownformat');
    expect(view<MediaTypeView>(msg.header('Content-Type')).subtype).toBe('unknownformat');
    expect(msg.contentLength).toBe(40);
    expect(msg.bodyText).toBe('<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n');
  },

  // §3.3.7 Unknown Authorization Scheme
  regaut01() {
    const msg = asRequest(parseValid('regaut01'));
    const auth = view<AuthView>(msg.header('Authorization'));
    expect(auth.scheme).toBe('NoOneKnowsThisScheme');
    expect(auth.params.get('opaque-data')).toBe('here');
    expect(msg.rawHeader('Authorization')).toBe('NoOneKnowsThisScheme opaque-data=here');
    expect(msg.contentLength).toBe(0);
  },

  // §3.3.8 Multiple Values in Single Value Required Fields — parses, semantically invalid.
  multi01() {
    const msg = asRequest(parseMessage(fixture('multi01')));
    // Whether parseHeaders()/the shortcuts reject repeated single-value headers is the
    // implementation's choice; if they do, it must be with a SipParseError.
    onlySipParseError(() => msg.parseHeaders());
    for (const read of [() => msg.callId, () => msg.from, () => msg.to, () => msg.cseq, () => msg.maxForwards]) {
      onlySipParseError(read);
    }
    expect(msg.headers('Call-ID').length).toBeGreaterThan(1);
    expect(msg.rawHeaders('Call-ID')).toEqual(['multi01.98asdh@192.0.2.1', 'multi01.98asdh@192.0.2.2']);
    expect(msg.rawHeaders('CSeq')).toEqual(['5 INVITE', '59 INVITE']);
    expect(msg.rawHeaders('To')).toEqual(['sip:user@example.com', 'sip:other@example.net']);
    expect(msg.rawHeaders('From')).toEqual(['sip:caller@example.com;tag=3413415', 'sip:caller@example.net;tag=2923420123']);
    expect(msg.rawHeaders('Max-Forwards')).toEqual(['70', '5']);
    expect(msg.body).toHaveLength(154);
  },

  // §3.3.10 200 OK Response with Broadcast Via Header Field Value
  bcast() {
    const msg = asResponse(parseValid('bcast'));
    expect(msg.status).toBe(200);
    expect(msg.reason).toBe('OK');
    const vias = views<ViaView>(msg, 'Via');
    expect(vias).toHaveLength(2);
    expect(vias[1]!.host).toBe('255.255.255.255');
    expect(vias[1]!.branch).toBe('z9hG4bK1saber23');
  },

  // §3.3.11 Max-Forwards of Zero
  zeromf() {
    const msg = asRequest(parseValid('zeromf'));
    expect(msg.maxForwards).toBe(0);
    expect(msg.cseq.seq).toBe(39234321);
  },

  // §3.3.12 Contact header parameter (addr-spec form): unknownparam is NOT a URI parameter.
  cparam01() {
    const msg = asRequest(parseValid('cparam01'));
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.uri!.toString()).toBe('sip:+19725552222@gw1.example.net');
    expect(contacts[0]!.uri!.params.has('unknownparam')).toBe(false);
    expect(contacts[0]!.params.has('unknownparam')).toBe(true);
    expect(contacts[0]!.params.get('unknownparam')).toBeNull();
  },

  // §3.3.13 url-parameter inside <>: unknownparam IS a URI parameter.
  cparam02() {
    const msg = asRequest(parseValid('cparam02'));
    const contacts = views<ContactView>(msg, 'Contact');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.uri!.params.has('unknownparam')).toBe(true);
    expect(contacts[0]!.uri!.toString()).toBe('sip:+19725552222@gw1.example.net;unknownparam');
    expect(contacts[0]!.params.has('unknownparam')).toBe(false);
  },

  // §3.3.14 REGISTER with a URL Escaped Header — kept in the Contact URI.
  regescrt() {
    const msg = asRequest(parseValid('regescrt'));
    const contacts = views<ContactView>(msg, 'm');
    expect(contacts).toHaveLength(1);
    const uri = contacts[0]!.uri!;
    expect(uri.headers.get('Route')).toBe('%3Csip:sip.example.com%3E');
    expect(uri.toString()).toBe('sip:user@example.com?Route=%3Csip:sip.example.com%3E');
    expect(msg.contentLength).toBe(0);
  },

  // §3.3.15 Unacceptable Accept Offering
  sdp01() {
    const msg = asRequest(parseValid('sdp01'));
    const accept = views<MediaTypeView>(msg, 'Accept').map((a) => `${a.type}/${a.subtype}`);
    expect(accept).toEqual(['text/nobodyKnowsThis']);
    expect(msg.contentType?.subtype).toBe('sdp');
  },

  // §3.4.1 INVITE with RFC 2543 Syntax — no branch, no tag, no Content-Length, no Max-Forwards.
  inv2543() {
    const data = fixture('inv2543');
    const msg = asRequest(parseValid('inv2543'));
    expect(msg.contentLength).toBeUndefined();
    expect(msg.maxForwards).toBeUndefined();
    const expected = bytesAfterBlankLine(data);
    expect(expected).toHaveLength(105);
    expect(Buffer.from(msg.body).equals(Buffer.from(expected))).toBe(true);
    const via = view<ViaView>(msg.via);
    expect(via.host).toBe('iftgw.example.com');
    expect(via.branch).toBeUndefined();
    const from = view<NameAddrView>(msg.from);
    expect(from.tag).toBeUndefined();
    expect(from.uri.params.get('user')).toBe('phone');
    // addr-spec form: ";user=phone" after the URI is a header parameter of To (RFC 3261 §20.10).
    const to = view<NameAddrView>(msg.to);
    expect(to.uri.toString()).toBe('sip:+16505552222@ss1.example.net');
    expect(to.params.get('user')).toBe('phone');
    expect(views<NameAddrView>(msg, 'Record-Route')[0]!.uri.maddr).toBe('ss1.example.com');
  },
};

// ---------------------------------------------------------------------------------------
// Invalid messages (§3.1.2, §3.3.9 mcl01, the stray test.dat)
// ---------------------------------------------------------------------------------------

const invalid: Record<string, string> = {
  badinv01: '§3.1.2.1 extraneous ; and , in Via and Contact',
  clerr: '§3.1.2.2 Content-Length 9999 larger than the datagram',
  ncl: '§3.1.2.3 negative Content-Length',
  scalar02: '§3.1.2.4 CSeq > 2**32-1, Max-Forwards 300',
  scalarlg: '§3.1.2.5 response CSeq > 2**32-1 (the 4-digit warn-code alone would be kept as text)',
  quotbal: '§3.1.2.6 unterminated quoted string in To',
  ltgtruri: '§3.1.2.7 Request-URI enclosed in <>',
  lwsruri: '§3.1.2.8 LWS inside the Request-URI',
  lwsstart: '§3.1.2.9 multiple SP in the Request-Line',
  trws: '§3.1.2.10 SP after SIP-Version',
  escruri: '§3.1.2.11 escaped headers in the Request-URI',
  regbadct: '§3.1.2.13 Contact URI with headers not in <>',
  badaspec: '§3.1.2.14 spaces inside <> of the To addr-spec',
  baddn: '§3.1.2.15 unquoted non-token display names',
  badvers: '§3.1.2.16 SIP/7.0',
  mismatch01: '§3.1.2.17 CSeq method differs from the Request-Line method',
  mismatch02: '§3.1.2.18 unknown method with a different CSeq method',
  bigcode: '§3.1.2.19 status code 4294967301',
  mcl01: '§3.3.9 two conflicting Content-Length values',
  test: 'stray archive file: no SIP-Version, header line without a colon',
};

describe('RFC 4475 fixtures', () => {
  it('every fixture matches SHA256SUMS byte for byte', () => {
    const sums = sha256sums();
    expect(sums.size).toBe(50);
    for (const [file, digest] of sums) {
      const actual = createHash('sha256').update(readFileSync(RFC4475_DIR + file)).digest('hex');
      expect(actual, file).toBe(digest);
    }
    expect(fixtureNames().map((n) => `${n}.dat`)).toEqual([...sums.keys()].sort());
  });

  it('.gitattributes keeps git away from the .dat bytes', () => {
    const attrs = readFileSync(RFC4475_DIR + '.gitattributes', 'utf8');
    expect(attrs).toMatch(/^\*\.dat\s+-text\s+binary$/m);
  });

  it('every fixture has exactly one verdict test', () => {
    const covered = [...Object.keys(valid), ...Object.keys(invalid)].sort();
    expect(covered).toEqual(fixtureNames());
  });
});

describe('RFC 4475 valid messages parse', () => {
  for (const [name, check] of Object.entries(valid)) {
    it(`${name}.dat`, check);
  }
});

describe('RFC 4475 invalid messages are rejected with SipParseError', () => {
  for (const [name, why] of Object.entries(invalid)) {
    it(`${name}.dat`, () => {
      const err = expectSipParseError(() => parseFully(fixture(name)));
      expect(typeof err.rule, why).toBe('string');
      expect(Number.isInteger(err.offset), why).toBe(true);
      expect(err.offset, why).toBeGreaterThanOrEqual(0);
    });
  }

  it('badvers.dat: the error names the version rule', () => {
    const err = expectSipParseError(() => parseFully(fixture('badvers')));
    expect(err.rule).toMatch(/version/i);
  });

  it('ncl.dat: "Content-Length: five" is rejected like a negative one', () => {
    const text = new TextDecoder().decode(fixture('ncl')).replace('Content-Length: -999', 'Content-Length: five');
    expectSipParseError(() => parseFully(text));
  });

  it('a SipParseError is an Error', () => {
    const err = expectSipParseError(() => parseFully(fixture('quotbal')));
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(SipParseError);
    expect(err.message.length).toBeGreaterThan(0);
  });
});
