/**
 * fast-check generators of valid SIP messages (RFC 3261 §25 syntax) together with the
 * typed values a parser must read back from them, and a `snapshot` of a parsed message's
 * typed fields to compare against.
 */
import fc from 'fast-check';
import { view, views, type MediaTypeView, type NameAddrView, type SipMessage, type ViaView } from './parse.js';
import { SipRequest } from '../../src/index.js';

// ---------------------------------------------------------------------------------------
// Character classes (RFC 3261 §25.1)
// ---------------------------------------------------------------------------------------

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGIT = '0123456789';
const ALPHANUM = ALPHA + DIGIT;
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN_CHARS = ALPHANUM + "-.!%*_+`'~";
/** word adds ( ) < > : \ DQUOTE / [ ] ? { } */
const WORD_CHARS = TOKEN_CHARS + '()<>:\\"/[]?{}';
/** unreserved = alphanum / mark */
const UNRESERVED = ALPHANUM + "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ), user-unreserved = & = + $ , ; ? / */
const USER_CHARS = UNRESERVED + '&=+$,;?/';
/** paramchar = param-unreserved / unreserved / escaped, param-unreserved = [ ] / : & + $ */
const PARAM_CHARS = UNRESERVED + '[]/:&+$';

/**
 * quoted-string (RFC 3261 §25.1), written here rather than taken from the library so the
 * test does not trust the code under test: " and \ and the control characters qdtext
 * excludes (%x00-08, %x0B-0C, %x0E-1F, %x7F) become quoted-pairs; HTAB stays as it is.
 */
export function quoteString(value: string): string {
  return '"' + value.replace(/["\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => '\\' + c) + '"';
}

function charsOf(set: string): fc.Arbitrary<string> {
  return fc.constantFrom(...set.split(''));
}

const escaped = fc
  .tuple(charsOf('0123456789ABCDEFabcdef'), charsOf('0123456789ABCDEFabcdef'))
  .map(([a, b]) => `%${a}${b}`);

function stringOf(set: string, min: number, max: number, withEscapes = false): fc.Arbitrary<string> {
  const unit = withEscapes ? fc.oneof({ weight: 9, arbitrary: charsOf(set) }, { weight: 1, arbitrary: escaped }) : charsOf(set);
  return fc.string({ unit, minLength: min, maxLength: max });
}

export const token = (min = 1, max = 12): fc.Arbitrary<string> => stringOf(TOKEN_CHARS, min, max);
const word = stringOf(WORD_CHARS, 1, 16);

// ---------------------------------------------------------------------------------------
// URIs
// ---------------------------------------------------------------------------------------

const label = fc
  .tuple(charsOf(ALPHANUM.toLowerCase()), stringOf('abcdefghijklmnopqrstuvwxyz0123456789-', 0, 8), charsOf('abcdefghijklmnopqrstuvwxyz0123456789'))
  .map(([a, mid, z]) => a + mid + z);
const topLabel = fc
  .tuple(charsOf('abcdefghijklmnopqrstuvwxyz'), stringOf('abcdefghijklmnopqrstuvwxyz0123456789', 0, 6))
  .map(([a, rest]) => a + rest);
const hostname = fc.tuple(fc.array(label, { maxLength: 3 }), topLabel).map(([ls, t]) => [...ls, t].join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc.constantFrom('[2001:db8::1]', '[::1]', '[fe80::a:b:c:d]', '[2001:db8:0:0:0:0:2:1]', '[::ffff:192.0.2.1]');
export const host = fc.oneof({ weight: 6, arbitrary: hostname }, { weight: 3, arbitrary: ipv4 }, { weight: 1, arbitrary: ipv6 });
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined, freq: 2 });

export type ParamModel = [name: string, value: string | null, quoted: boolean];

/** URI parameters; names start with "x" so none is one the grammar types (transport, ttl, lr …). */
const uriParams = fc.uniqueArray(
  fc.tuple(
    stringOf(PARAM_CHARS, 0, 8).map((s) => 'x' + s),
    fc.option(stringOf(PARAM_CHARS, 1, 10, true), { nil: null }),
  ),
  { maxLength: 3, selector: ([n]) => n.toLowerCase() },
);

export interface UriModel {
  scheme: 'sip' | 'sips';
  user: string | undefined;
  host: string;
  port: number | undefined;
  params: Array<[string, string | null]>;
}

function uriArb(forAddrSpec: boolean): fc.Arbitrary<UriModel> {
  // In addr-spec form (no <>), a URI with ';', ',' or '?' would be ambiguous (RFC 3261 §20.10).
  const user = forAddrSpec ? stringOf(UNRESERVED + '&=+$/', 1, 12, true) : stringOf(USER_CHARS, 1, 12, true);
  return fc.record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: fc.option(user, { nil: undefined, freq: 5 }),
    host,
    port,
    params: forAddrSpec ? fc.constant([]) : uriParams,
  });
}

export function uriText(u: UriModel): string {
  let out = `${u.scheme}:`;
  if (u.user !== undefined) out += `${u.user}@`;
  out += u.host;
  if (u.port !== undefined) out += `:${u.port}`;
  for (const [n, v] of u.params) out += v === null ? `;${n}` : `;${n}=${v}`;
  return out;
}

// ---------------------------------------------------------------------------------------
// Header parameters, name-addr, Via
// ---------------------------------------------------------------------------------------

/** Characters a quoted display name or quoted param value may carry (quoteString escapes " and \). */
const QUOTED_TEXT = ALPHANUM + ' !#$%&\'()*+,-./:;<=>?@[]^_`{|}~"\\';
const quotedText = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof({ weight: 12, arbitrary: charsOf(QUOTED_TEXT) }, { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '日', '本', 'я', '😀', '\t', '\x00', '\x07', '\x1b', '\x7f') }),
    minLength: min,
    maxLength: max,
  });

/** generic-param with a name starting "x" (so never tag/branch/q/expires …). */
const genericParams = fc.uniqueArray(
  fc.tuple(
    token(0, 8).map((s) => 'x' + s),
    fc.oneof(
      fc.constant(null),
      token(1, 10).map((v) => ({ v, q: false })),
      quotedText(0, 12).map((v) => ({ v, q: true })),
    ),
  ),
  { maxLength: 3, selector: ([n]) => n.toLowerCase() },
).map((list) => list.map(([n, v]): ParamModel => (v === null ? [n, null, false] : [n, v.v, v.q])));

/** Supplies the optional whitespace (SWS/LWS, folding included) between syntax elements. */
type Space = () => string;
const NO_SPACE: Space = () => '';

function paramsText(params: ParamModel[], sp: Space = NO_SPACE): string {
  return params
    .map(([n, v, q]) => (v === null ? `${sp()};${sp()}${n}` : `${sp()};${sp()}${n}${sp()}=${sp()}${q ? quoteString(v) : v}`))
    .join('');
}

export interface AddrModel {
  displayName: string | undefined;
  /** how the display name is written: quoted-string or *(token LWS) */
  quotedName: boolean;
  angle: boolean;
  uri: UriModel;
  tag: string | undefined;
  params: ParamModel[];
}

function addrArb(withTag: 'always' | 'maybe'): fc.Arbitrary<AddrModel> {
  const tag = withTag === 'always' ? token(1, 16) : fc.option(token(1, 16), { nil: undefined });
  const nameAddr = fc.record({
    name: fc.oneof(
      fc.constant(undefined),
      quotedText(1, 20).map((s) => ({ s, quoted: true })),
      fc.array(token(1, 8), { minLength: 1, maxLength: 3 }).map((ts) => ({ s: ts.join(' '), quoted: false })),
    ),
    uri: uriArb(false),
    tag,
    params: genericParams,
  });
  const addrSpec = fc.record({ uri: uriArb(true), tag, params: genericParams });
  return fc.oneof(
    { weight: 3, arbitrary: nameAddr.map((a): AddrModel => ({ displayName: a.name?.s, quotedName: a.name?.quoted ?? false, angle: true, uri: a.uri, tag: a.tag, params: a.params })) },
    { weight: 1, arbitrary: addrSpec.map((a): AddrModel => ({ displayName: undefined, quotedName: false, angle: false, uri: a.uri, tag: a.tag, params: a.params })) },
  );
}

export function addrParams(a: AddrModel): ParamModel[] {
  return a.tag === undefined ? a.params : [...a.params, ['tag', a.tag, false]];
}

function addrText(a: AddrModel, sp: Space): string {
  let out = '';
  if (a.displayName !== undefined) out += a.quotedName ? quoteString(a.displayName) + sp() : a.displayName + ' ' + sp();
  out += a.angle ? `<${uriText(a.uri)}>` : uriText(a.uri);
  return out + paramsText(addrParams(a), sp);
}

export interface ViaModel {
  transport: string;
  host: string;
  port: number | undefined;
  branch: string;
  rport: boolean;
  params: ParamModel[];
}

const viaArb: fc.Arbitrary<ViaModel> = fc.record({
  transport: fc.oneof(fc.constantFrom('UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'), stringOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1, 8)),
  host,
  port,
  branch: token(1, 16).map((t) => 'z9hG4bK' + t),
  rport: fc.boolean(),
  params: genericParams,
});

export function viaParams(v: ViaModel): ParamModel[] {
  const list: ParamModel[] = [['branch', v.branch, false]];
  if (v.rport) list.push(['rport', null, false]);
  return [...list, ...v.params];
}

function viaText(v: ViaModel, sp: Space): string {
  const port = v.port === undefined ? '' : `${sp()}:${sp()}${v.port}`;
  return `SIP${sp()}/${sp()}2.0${sp()}/${sp()}${v.transport} ${sp()}${v.host}${port}${paramsText(viaParams(v), sp)}`;
}

// ---------------------------------------------------------------------------------------
// Whole messages
// ---------------------------------------------------------------------------------------

export interface MessageModel {
  start: { kind: 'request'; method: string; uri: UriModel } | { kind: 'response'; status: number; reason: string };
  vias: ViaModel[];
  /** write the Vias as one comma-separated header line (else one line each) */
  viaOneLine: boolean;
  from: AddrModel;
  to: AddrModel;
  callId: string;
  cseq: { seq: number; method: string };
  maxForwards: number | undefined;
  contentType: { type: string; subtype: string; params: ParamModel[] } | undefined;
  body: Uint8Array;
  /** per header: use the compact form where one exists */
  compact: boolean[];
  /** per header: lower-case the name */
  lower: boolean[];
  /** whitespace to sprinkle wherever RFC 3261 allows SWS/LWS (cycled); empty = canonical spacing */
  spaces: string[];
}

/** Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB), kept to interior spaces. */
const reasonPhrase = fc
  .string({
    unit: fc.oneof({ weight: 10, arbitrary: charsOf(ALPHANUM + ";/?:@&=+$,-_.!~*'() ") }, { weight: 1, arbitrary: fc.constantFrom('é', 'ü', 'я', '日', '%41') }),
    maxLength: 24,
  })
  .map((s) => s.trim());

const mediaParams = fc.uniqueArray(
  fc.tuple(token(1, 8).map((s) => 'x' + s), fc.oneof(token(1, 10).map((v) => ({ v, q: false })), quotedText(0, 10).map((v) => ({ v, q: true })))),
  { maxLength: 2, selector: ([n]) => n.toLowerCase() },
).map((list) => list.map(([n, v]): ParamModel => [n, v.v, v.q]));

function messageArb(body: fc.Arbitrary<Uint8Array>): fc.Arbitrary<MessageModel> {
  const request = fc.record({ kind: fc.constant('request' as const), method: token(1, 16), uri: uriArb(false) });
  const response = fc.record({ kind: fc.constant('response' as const), status: fc.integer({ min: 100, max: 699 }), reason: reasonPhrase });
  return fc
    .record({
      start: fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: response }),
      vias: fc.array(viaArb, { minLength: 1, maxLength: 3 }),
      viaOneLine: fc.boolean(),
      from: addrArb('always'),
      to: addrArb('maybe'),
      callId: fc.tuple(word, fc.option(word, { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}@${b}`)),
      seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      responseCSeqMethod: token(1, 12),
      maxForwards: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      contentType: fc.option(fc.record({ type: token(1, 12), subtype: token(1, 12), params: mediaParams }), { nil: undefined }),
      body,
      compact: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      lower: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      spaces: fc.oneof(
        fc.constant<string[]>([]),
        fc.array(fc.constantFrom('', '', '', ' ', '  ', '\t', '\r\n ', '\r\n\t', ' \r\n  '), { minLength: 1, maxLength: 32 }),
      ),
    })
    .map((m): MessageModel => ({
      start: m.start,
      vias: m.vias,
      viaOneLine: m.viaOneLine,
      from: m.from,
      to: m.to,
      callId: m.callId,
      cseq: { seq: m.seq, method: m.start.kind === 'request' ? m.start.method : m.responseCSeqMethod },
      maxForwards: m.maxForwards,
      // A body needs a Content-Type (RFC 3261 §20.15); an empty one may go without.
      contentType: m.body.length > 0 && m.contentType === undefined ? { type: 'application', subtype: 'octet-stream', params: [] } : m.contentType,
      body: m.body,
      compact: m.compact,
      lower: m.lower,
      spaces: m.spaces,
    }));
}

/** Messages whose body is arbitrary bytes (round-trip through toBytes()). */
export const binaryMessage = messageArb(fc.uint8Array({ maxLength: 200 }));

/** Messages whose body is UTF-8 text (round-trip through toString()). */
export const textMessage = messageArb(
  fc.string({ unit: 'grapheme', maxLength: 120 }).map((s) => new TextEncoder().encode(s)),
);

const NAMES: Array<[long: string, compact: string | undefined]> = [
  ['Via', 'v'],
  ['From', 'f'],
  ['To', 't'],
  ['Call-ID', 'i'],
  ['CSeq', undefined],
  ['Max-Forwards', undefined],
  ['Content-Type', 'c'],
  ['Content-Length', 'l'],
];

function headerName(m: MessageModel, index: number): string {
  const [long, compact] = NAMES[index]!;
  const name = m.compact[index] && compact !== undefined ? compact : long;
  return m.lower[index] ? name.toLowerCase() : name;
}

/** The message on the wire, as bytes. */
export function wire(m: MessageModel): Uint8Array {
  const lines: string[] = [];
  lines.push(m.start.kind === 'request' ? `${m.start.method} ${uriText(m.start.uri)} SIP/2.0` : `SIP/2.0 ${m.start.status} ${m.start.reason}`);
  let next = 0;
  const sp: Space = () => (m.spaces.length === 0 ? '' : m.spaces[next++ % m.spaces.length]!);
  // HCOLON = *( SP / HTAB ) ":" SWS
  const colon = (): string => (m.spaces.length === 0 ? ': ' : `${sp().replace(/[\r\n]/g, '')}:${sp()}`);
  const name = (i: number): string => headerName(m, i) + colon();
  if (m.viaOneLine) lines.push(name(0) + m.vias.map((v) => viaText(v, sp)).join(`${sp()},${sp()}`));
  else for (const v of m.vias) lines.push(name(0) + viaText(v, sp));
  lines.push(name(1) + addrText(m.from, sp));
  lines.push(name(2) + addrText(m.to, sp));
  lines.push(name(3) + m.callId);
  lines.push(`${name(4)}${m.cseq.seq} ${sp()}${m.cseq.method}`);
  if (m.maxForwards !== undefined) lines.push(name(5) + m.maxForwards);
  if (m.contentType !== undefined) {
    const ct = m.contentType;
    lines.push(`${name(6)}${ct.type}${sp()}/${sp()}${ct.subtype}${paramsText(ct.params, sp)}`);
  }
  lines.push(name(7) + m.body.length);
  const head = new TextEncoder().encode(lines.join('\r\n') + '\r\n\r\n');
  const out = new Uint8Array(head.length + m.body.length);
  out.set(head, 0);
  out.set(m.body, head.length);
  return out;
}

// ---------------------------------------------------------------------------------------
// Snapshots: the typed fields compared across parse → serialise → parse
// ---------------------------------------------------------------------------------------

export interface AddrSnapshot {
  displayName: string | undefined;
  uri: string;
  params: ParamModel[];
  tag: string | undefined;
}

export interface Snapshot {
  start: { method: string; uri: string } | { status: number; reason: string };
  version: string;
  vias: Array<{ protocolName: string; protocolVersion: string; transport: string; host: string; port: number | undefined; branch: string | undefined; params: ParamModel[] }>;
  from: AddrSnapshot;
  to: AddrSnapshot;
  callId: string;
  cseq: { seq: number; method: string };
  maxForwards: number | undefined;
  contentType: { type: string; subtype: string; params: ParamModel[] } | undefined;
  contentLength: number | undefined;
  body: number[];
}

function plist(params: Iterable<{ name: string; value: string | null; quoted: boolean }>): ParamModel[] {
  return [...params].map((p) => [p.name, p.value, p.quoted]);
}

function addrSnapshot(a: NameAddrView): AddrSnapshot {
  return { displayName: a.displayName, uri: a.uri.toString(), params: plist(a.params), tag: a.tag };
}

/** The typed fields of a parsed message. */
export function snapshot(msg: SipMessage): Snapshot {
  const ct = msg.contentType === undefined ? undefined : view<MediaTypeView>(msg.contentType);
  return {
    start: msg instanceof SipRequest ? { method: msg.method, uri: msg.uri.toString() } : { status: msg.status, reason: msg.reason },
    version: msg.version,
    vias: views<ViaView>(msg, 'Via').map((v) => ({
      protocolName: v.protocolName,
      protocolVersion: v.protocolVersion,
      transport: v.transport,
      host: v.host,
      port: v.port,
      branch: v.branch,
      params: plist(v.params),
    })),
    from: addrSnapshot(view<NameAddrView>(msg.from)),
    to: addrSnapshot(view<NameAddrView>(msg.to)),
    callId: msg.callId,
    cseq: { seq: msg.cseq.seq, method: msg.cseq.method },
    maxForwards: msg.maxForwards,
    contentType: ct === undefined ? undefined : { type: ct.type, subtype: ct.subtype, params: plist(ct.params) },
    contentLength: msg.contentLength,
    body: Array.from(msg.body),
  };
}

function expectedAddr(a: AddrModel): AddrSnapshot {
  return { displayName: a.displayName, uri: uriText(a.uri), params: addrParams(a), tag: a.tag };
}

/** The snapshot a correct parser produces for the wire form of `m`. */
export function expectedSnapshot(m: MessageModel): Snapshot {
  return {
    start: m.start.kind === 'request' ? { method: m.start.method, uri: uriText(m.start.uri) } : { status: m.start.status, reason: m.start.reason },
    version: 'SIP/2.0',
    vias: m.vias.map((v) => ({
      protocolName: 'SIP',
      protocolVersion: '2.0',
      transport: v.transport,
      host: v.host,
      port: v.port,
      branch: v.branch,
      params: viaParams(v),
    })),
    from: expectedAddr(m.from),
    to: expectedAddr(m.to),
    callId: m.callId,
    cseq: m.cseq,
    maxForwards: m.maxForwards,
    contentType: m.contentType,
    contentLength: m.body.length,
    body: Array.from(m.body),
  };
}
