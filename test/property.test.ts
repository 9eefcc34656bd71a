/**
 * Property tests of the message parser (fast-check):
 *  (a) arbitrary bytes / strings, and arbitrary text in every SIP position → only SipParseError;
 *  (b) mutated RFC 4475 torture messages → only SipParseError, each parse in bounded time
 *      (a guard against catastrophic backtracking and unbounded recursion, not a benchmark);
 *  (c) generated valid messages round-trip: parse → serialise → parse keeps the typed fields.
 *
 * FC_SEED=<n> reproduces a run (fast-check prints the seed and the shrunk counterexample);
 * FC_SCALE=<k> multiplies every numRuns, for a longer local fuzzing session.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../src/index.js';
import type { SipMessage } from './support/parse.js';
import { fixture, fixtureNames } from './support/fixtures.js';
import { latin1, onlySipParseError, touchEverything } from './support/parse.js';
import { binaryMessage, expectedSnapshot, snapshot, textMessage, wire } from './support/sipgen.js';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const scale = Number(process.env.FC_SCALE ?? 1);
function params<T>(runs: number): fc.Parameters<T> {
  const numRuns = Math.max(1, Math.round(runs * scale));
  return seed === undefined ? { numRuns } : { numRuns, seed };
}

/**
 * The time budget of one full parse, in units of the time a well-formed message of the same
 * length takes in this process right now. A linear parser stays within a small multiple of
 * it; catastrophic backtracking or unbounded recursion exceeds it by orders of magnitude. The
 * unit is measured on the spot (and again every CALIBRATE_EVERY inputs), so a loaded machine
 * slows both sides alike instead of failing a fixed wall-clock limit.
 */
const BUDGET = 200;
/** Inputs under this many milliseconds pass whatever the unit: timer resolution and GC dominate. */
const FLOOR_MS = 50;
const CALIBRATE_EVERY = 200;

function describeInput(data: string | Uint8Array): string {
  const text = typeof data === 'string' ? data : latin1(data);
  const shown = text.length > 300 ? `${text.slice(0, 200)}…(${text.length} chars)…${text.slice(-80)}` : text;
  return JSON.stringify(shown);
}

function timeOf(data: string | Uint8Array): number {
  const start = performance.now();
  onlySipParseError(() => touchEverything(data));
  return performance.now() - start;
}

/** Milliseconds per byte of a full parse of well-formed messages: the fastest of several passes over every fixture. */
function msPerByte(): number {
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    let elapsed = 0;
    let bytes = 0;
    for (const { data } of fixtures) {
      elapsed += timeOf(data);
      bytes += data.length;
    }
    best = Math.min(best, elapsed / bytes);
  }
  return best;
}

let unit = 0;
let sinceCalibration = CALIBRATE_EVERY;

/**
 * Parse and touch everything; only SipParseError may escape, and the parse must stay within
 * BUDGET times the cost of a well-formed message of its length. A slow run is retried twice
 * (the fastest counts) so a GC pause or a descheduled process cannot fail the test;
 * catastrophic backtracking is slow every time.
 */
function checkBounded(data: string | Uint8Array): void {
  if (++sinceCalibration > CALIBRATE_EVERY) {
    unit = msPerByte();
    sinceCalibration = 0;
  }
  const limit = Math.max(FLOOR_MS, BUDGET * unit * Math.max(data.length, 1));
  let elapsed = timeOf(data);
  for (let retry = 0; retry < 2 && elapsed >= limit; retry++) elapsed = Math.min(elapsed, timeOf(data));
  if (elapsed >= limit) {
    throw new Error(`parse took ${elapsed.toFixed(1)} ms (budget ${limit.toFixed(1)} ms: ${BUDGET}× a well-formed message of that length) for ${describeInput(data)}`);
  }
}

const CRLF = '\r\n';
const PRELUDE_REQUEST = `OPTIONS sip:user@example.com SIP/2.0${CRLF}Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKfuzz${CRLF}`;
const TAIL = `Call-ID: fuzz@example.com${CRLF}CSeq: 1 OPTIONS${CRLF}From: <sip:a@example.com>;tag=1${CRLF}To: <sip:b@example.com>${CRLF}Max-Forwards: 70${CRLF}Content-Length: 0${CRLF}${CRLF}`;

/** Header names the grammar may know (long and compact forms), plus an unknown one. */
const HEADER_NAMES = [
  'Via', 'v', 'From', 'f', 'To', 't', 'Call-ID', 'i', 'CSeq', 'Contact', 'm', 'Max-Forwards', 'Content-Length', 'l',
  'Content-Type', 'c', 'Route', 'Record-Route', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow',
  'Authorization', 'Proxy-Authorization', 'WWW-Authenticate', 'Proxy-Authenticate', 'Authentication-Info', 'Call-Info',
  'Content-Disposition', 'Content-Encoding', 'e', 'Content-Language', 'Date', 'Error-Info', 'Expires', 'In-Reply-To',
  'MIME-Version', 'Min-Expires', 'Organization', 'Priority', 'Proxy-Require', 'Reply-To', 'Require', 'Retry-After',
  'Server', 'Subject', 's', 'Supported', 'k', 'Timestamp', 'Unsupported', 'User-Agent', 'Warning', 'Event', 'o',
  'Allow-Events', 'u', 'Subscription-State', 'Refer-To', 'r', 'Referred-By', 'b', 'RAck', 'RSeq', 'Path', 'Privacy',
  'P-Asserted-Identity', 'P-Preferred-Identity', 'Session-Expires', 'x', 'Min-SE', 'Reason', 'Replaces', 'Identity',
  'X-Unknown-Header',
];

/** Pieces of text that matter to SIP syntax, to build nasty values from. */
const SIP_PIECES = [
  ' ', '  ', '\t', ';', ',', '=', '"', '\\', '\\"', '<', '>', ':', '@', '/', '?', '&', '%', '%4', '%41', '%00', '(', ')',
  '[', ']', '.', '*', '+', '-', '~', '\r\n ', '\r\n\t', '\r\n', '\r', '\n', '\x00', '\x7f', 'a', 'Z', '0', '9', '65536',
  '4294967296', '99999999999999999999', 'sip:', 'sips:', 'tel:', 'sip:a@b', '<sip:a@b>', 'z9hG4bK', 'SIP/2.0/UDP ',
  'SIP', '2.0', 'branch=', 'tag=', 'q=0.5', 'expires=', 'received=', 'rport', 'lr', 'maddr=', 'ttl=', 'transport=',
  'Digest ', 'realm=', 'nonce=', 'GMT', 'Mon, 01 Jan 2024 00:00:00', 'é', '日本', '\u{1f600}', '\ufffd', '\ud800',
  '[::1]', '[2001:db8::', '255.255.255.255', '999.1.1.1',
];

const sipText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...SIP_PIECES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  ),
  maxLength: 40,
});

const fixtures = fixtureNames().map((name) => ({ name, data: fixture(name) }));

beforeAll(() => {
  // Warm the parser up so JIT compilation is not counted against the first inputs.
  for (let i = 0; i < 5; i++) {
    for (const { data } of fixtures) onlySipParseError(() => touchEverything(data));
  }
});

describe('(a) arbitrary input throws nothing but SipParseError', () => {
  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkBounded(bytes)), params(300));
  });

  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => checkBounded(text)), params(300));
  });

  it('arbitrary header lines after a valid start line', () => {
    const lines = fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), sipText), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(lines, fc.boolean(), (hs, asBytes) => {
        const text = PRELUDE_REQUEST + hs.map(([n, v]) => `${n}:${v}${CRLF}`).join('') + TAIL;
        checkBounded(asBytes ? new TextEncoder().encode(text) : text);
      }),
      params(1500),
    );
  });

  it('arbitrary Request-URIs, methods and versions', () => {
    fc.assert(
      fc.property(sipText, sipText, fc.constantFrom('SIP/2.0', 'SIP/2.0 ', 'sip/2.0', 'SIP/1.0', 'SIP/2', 'SIP/2.0.0', ''), (method, uri, version) => {
        checkBounded(`${method} ${uri} ${version}${CRLF}` + TAIL);
        checkBounded(`INVITE sip:${uri} SIP/2.0${CRLF}` + TAIL);
      }),
      params(400),
    );
  });

  it('arbitrary status lines', () => {
    fc.assert(
      fc.property(sipText, sipText, (code, reason) => {
        checkBounded(`SIP/2.0 ${code} ${reason}${CRLF}Via: SIP/2.0/UDP h;branch=z9hG4bKx${CRLF}` + TAIL);
      }),
      params(300),
    );
  });

  it('arbitrary bodies and Content-Length values', () => {
    fc.assert(
      fc.property(sipText, fc.uint8Array({ maxLength: 64 }), (length, body) => {
        const head = new TextEncoder().encode(`${PRELUDE_REQUEST}Content-Length: ${length}${CRLF}Content-Type: text/plain${CRLF}${CRLF}`);
        const data = new Uint8Array(head.length + body.length);
        data.set(head);
        data.set(body, head.length);
        checkBounded(data);
      }),
      params(300),
    );
  });
});

// ---------------------------------------------------------------------------------------
// (b) Mutations of the torture messages
// ---------------------------------------------------------------------------------------

const INSERTS = ['\r', '\n', '\r\n', '\r\n ', '\x00', '"', '\\', ';', ',', '<', '>', ':', ' ', '%', '=', '@', '\xff'].map((s) =>
  Uint8Array.from(s, (c) => c.charCodeAt(0)),
);

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; from: number; length: number; to: number; times: number };

const position = fc.nat({ max: 1 << 20 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    from: position,
    length: fc.integer({ min: 1, max: 64 }),
    to: position,
    times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 64 })),
  }),
);

function splice(data: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length - remove + insert.length);
  out.set(data.subarray(0, at), 0);
  out.set(insert, at);
  out.set(data.subarray(at + remove), at + insert.length);
  return out;
}

function mutate(data: Uint8Array, m: Mutation): Uint8Array {
  const n = data.length;
  switch (m.kind) {
    case 'flip': {
      if (n === 0) return data;
      const out = data.slice();
      const at = m.at % n;
      out[at] = out[at]! ^ m.xor;
      return out;
    }
    case 'insert':
      return splice(data, m.at % (n + 1), 0, m.bytes);
    case 'delete': {
      const at = m.at % (n + 1);
      return splice(data, at, Math.min(m.length, n - at), new Uint8Array(0));
    }
    case 'truncate':
      return data.slice(0, m.at % (n + 1));
    case 'duplicate': {
      if (n === 0) return data;
      const from = m.from % n;
      const slice = data.slice(from, Math.min(n, from + m.length));
      const copies = new Uint8Array(slice.length * m.times);
      for (let i = 0; i < m.times; i++) copies.set(slice, i * slice.length);
      return splice(data, m.to % (n + 1), 0, copies);
    }
  }
}

describe('(b) mutated torture messages', () => {
  it('only SipParseError, each parse within its budget', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ data }, ms) => {
        checkBounded(ms.reduce(mutate, data));
      }),
      params(1500),
    );
  });

  it('the unmutated torture messages too', () => {
    for (const { data } of fixtures) checkBounded(data);
  });

  // Inputs built to make a backtracking or recursive parser blow up.
  const N = 4000;
  const pathological: Array<[string, string]> = [
    ['Via with thousands of params', `Via: SIP/2.0/UDP h;branch=z9hG4bKx${';a=b'.repeat(N)}`],
    ['Via with thousands of empty params', `Via: SIP/2.0/UDP h;branch=z9hG4bKx${';'.repeat(N)}`],
    ['Via list of thousands of values', `Via: ${'SIP/2.0/UDP h,'.repeat(N)}SIP/2.0/UDP h`],
    ['unterminated quoted display name full of quoted-pairs', `To: "${'a\\"'.repeat(N)}`],
    ['unterminated quoted string of backslashes', `To: "${'\\'.repeat(2 * N + 1)}`],
    ['thousands of display-name tokens without <', `From: ${'a '.repeat(N)}b;tag=1`],
    ['thousands of display-name tokens before <', `From: ${'a '.repeat(N)}<sip:a@b>;tag=1`],
    ['Contact list of thousands', `Contact: ${'<sip:a@b>,'.repeat(N)}<sip:a@b>`],
    ['thousands of <', `Contact: ${'<'.repeat(N)}`],
    ['deeply nested comments in User-Agent', `User-Agent: ${'('.repeat(N)}${')'.repeat(N)}`],
    ['unclosed nested comments in Server', `Server: ${'(a '.repeat(N)}`],
    ['nested comment in Retry-After', `Retry-After: 5 ${'('.repeat(N)}`],
    // Deeper than the JS stack allows a recursive-descent parser to go: must still be a SipParseError.
    ['comments nested 20000 deep', `User-Agent: a ${'('.repeat(5 * N)}x${')'.repeat(5 * N)}`],
    ['quoted-pairs nested in 20000 comments', `Server: ${'(\\'.repeat(5 * N)}`],
    ['Call-ID of many @', `Call-ID: ${'a@'.repeat(N)}`],
    ['URI with thousands of ; in the user part', `Route: <sip:${'a;'.repeat(N)}@h>`],
    ['URI with thousands of %', `Route: <sip:${'%'.repeat(N)}@h>`],
    ['URI with thousands of params and no @', `Route: <sip:h${';x=%4'.repeat(N)}>`],
    ['URI with thousands of headers', `Route: <sip:h?${'a=b&'.repeat(N)}>`],
    ['unterminated IPv6 reference', `Via: SIP/2.0/UDP [${'1:'.repeat(N)}`],
    ['long run of folding', `Subject: a${'\r\n a'.repeat(N)}`],
    ['long run of whitespace', `Subject:${' '.repeat(5 * N)}x`],
    ['Date with a long zone', `Date: Fri, 01 Jan 2010 16:00:00 ${'G'.repeat(N)}`],
    ['Authorization with thousands of params', `Authorization: Digest ${'a=b, '.repeat(N)}`],
    ['WWW-Authenticate with an unterminated quoted run', `WWW-Authenticate: Digest realm="${'\\'.repeat(N)}`],
    ['Accept list of thousands', `Accept: ${'a/b;q=0.1, '.repeat(N)}`],
    ['Warning with an unterminated text', `Warning: 399 h "${'x\\'.repeat(N)}`],
    ['many unknown headers', 'X-A: b\r\n'.repeat(N) + 'X-A: b'],
    ['long header name', `${'X'.repeat(5 * N)}: b`],
    ['header line without colon', 'X'.repeat(5 * N)],
  ];
  for (const [title, header] of pathological) {
    it(`bounded: ${title}`, () => {
      checkBounded(PRELUDE_REQUEST + header + CRLF + TAIL);
    });
  }
  it('bounded: a Request-URI of thousands of params', () => {
    checkBounded(`INVITE sip:a@b${';x'.repeat(N)} SIP/2.0${CRLF}` + TAIL);
  });
  it('bounded: a start line of thousands of spaces', () => {
    checkBounded(`INVITE${' '.repeat(5 * N)}sip:a@b SIP/2.0${CRLF}` + TAIL);
  });
  it('bounded: a reason phrase of thousands of escapes', () => {
    checkBounded(`SIP/2.0 200 ${'%'.repeat(N)}${CRLF}` + TAIL);
  });
});

// ---------------------------------------------------------------------------------------
// (c) Round trip of generated valid messages
// ---------------------------------------------------------------------------------------

describe('(c) generated valid messages round-trip', () => {
  it('binary bodies: parse → toBytes() → parse keeps start line, typed headers and body bytes', () => {
    fc.assert(
      fc.property(binaryMessage, (model) => {
        const data = wire(model);
        const expected = expectedSnapshot(model);
        const first = parseMessage(data);
        first.parseHeaders();
        expect(snapshot(first)).toEqual(expected);
        const second = parseMessage(first.toBytes());
        second.parseHeaders();
        expect(snapshot(second)).toEqual(expected);
        expect(Buffer.from(second.toBytes()).equals(Buffer.from(first.toBytes()))).toBe(true);
      }),
      params(250),
    );
  });

  it('text bodies: parse → toString() → parse keeps start line, typed headers and body bytes', () => {
    fc.assert(
      fc.property(textMessage, (model) => {
        const data = wire(model);
        const expected = expectedSnapshot(model);
        const first = parseMessage(data);
        first.parseHeaders();
        expect(snapshot(first)).toEqual(expected);
        const text = first.toString();
        const second = parseMessage(text);
        second.parseHeaders();
        expect(snapshot(second)).toEqual(expected);
        expect(second.toString()).toBe(text);
      }),
      params(250),
    );
  });

  /**
   * Serialise from the typed values rather than the raw text: every header line is replaced
   * by one line built from its parsed values (so the generated toString() of each header
   * class, URI and Parameters is what goes on the wire), then parsed again.
   */
  function reserialiseTyped(data: Uint8Array): SipMessage {
    const msg = parseMessage(data);
    for (const name of msg.headerNames()) msg.setHeader(name, msg.headers(name));
    const again = parseMessage(msg.toBytes());
    again.parseHeaders();
    return again;
  }

  it('typed serialisation: values → header toString() → parse keeps every typed field', () => {
    fc.assert(
      fc.property(binaryMessage, (model) => {
        expect(snapshot(reserialiseTyped(wire(model)))).toEqual(expectedSnapshot(model));
      }),
      params(250),
    );
  });

  it('typed serialisation of the valid torture messages parses back to the same values', () => {
    const valid = [
      'wsinv', 'intmeth', 'esc01', 'escnull', 'esc02', 'lwsdisp', 'longreq', 'dblreq', 'semiuri', 'transports',
      'mpart01', 'unreason', 'noreason', 'badbranch', 'unkscm', 'novelsc', 'unksm2', 'bext01', 'invut', 'regaut01',
      'bcast', 'zeromf', 'cparam01', 'cparam02', 'regescrt', 'sdp01', 'inv2543',
    ];
    const failures: string[] = [];
    for (const name of valid) {
      const first = parseMessage(fixture(name));
      first.parseHeaders();
      let second: SipMessage;
      try {
        second = reserialiseTyped(fixture(name));
      } catch (err) {
        failures.push(`${name}: re-parse failed: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      for (const h of first.headerNames()) {
        if (h === 'Content-Length') continue;
        const a = first.headers(h).map(String);
        const b = second.headers(h).map(String);
        if (JSON.stringify(a) !== JSON.stringify(b)) failures.push(`${name} ${h}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
      if (first.headerNames().includes('From') && first.headerNames().includes('Call-ID')) {
        const a = { ...snapshot(first), contentLength: undefined };
        const b = { ...snapshot(second), contentLength: undefined };
        if (JSON.stringify(a) !== JSON.stringify(b)) failures.push(`${name}: typed fields differ`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the valid torture messages keep their typed fields through toString()', () => {
    const valid = [
      'wsinv', 'intmeth', 'esc01', 'escnull', 'esc02', 'lwsdisp', 'longreq', 'dblreq', 'semiuri', 'transports',
      'unreason', 'noreason', 'badbranch', 'unkscm', 'novelsc', 'unksm2', 'bext01', 'invut', 'regaut01', 'bcast',
      'zeromf', 'cparam01', 'cparam02', 'regescrt', 'sdp01',
    ];
    // inv2543 is left out: serialising may rightly add the Content-Length it lacks.
    // mpart01 is left out: its body is binary, which toString() cannot carry.
    for (const name of valid) {
      const first = parseMessage(fixture(name));
      first.parseHeaders();
      const second = parseMessage(first.toString());
      second.parseHeaders();
      expect(second.toString(), name).toBe(first.toString());
      expect(second.headerNames(), name).toEqual(first.headerNames());
      for (const h of first.headerNames()) {
        expect(second.headers(h).map(String), `${name} ${h}`).toEqual(first.headers(h).map(String));
      }
      if (first.headerNames().includes('From') && first.headerNames().includes('Via')) {
        expect(snapshot(second), name).toEqual(snapshot(first));
      }
    }
  });
});
