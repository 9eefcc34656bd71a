import type { Random } from '../random.js';
import { fixContentLength, joinMessage, linesOf, splitMessage, valueOf, withValue, type MessageText } from './message-text.js';
import type { MessageKind, Mutator } from './mutator.js';

function onMessage(change: (rng: Random, message: MessageText, kind: MessageKind) => boolean): Mutator['apply'] {
  return (rng, data, kind) => {
    const message = splitMessage(data);
    return change(rng, message, kind) ? joinMessage(message) : undefined;
  };
}

/** Set header `name` (lower-case) to `value`: its first line changed, or a line added. */
function setHeader(message: MessageText, name: string, canonical: string, value: string): void {
  const found = linesOf(message, name);
  if (found.length > 0) message.lines[found[0]!] = withValue(message.lines[found[0]!]!, value);
  else message.lines.push(`${canonical}: ${value}`);
}

const BAD_NUMBERS = ['-1', '0', '4294967296', '2147483648', '99999999999999999999999', '1e3', '0x10', ' 1 2', '', 'abc', '007', '1.5', '\u0661', '+1', 'NaN'];

const ODD_URIS = [
  '*',
  '<http://example.com/>',
  '<mailto:someone@example.com>',
  '<tel:+15551234567>',
  'tel:+1-555',
  '<sip:>',
  '<sip:@>',
  '<sip:user@>',
  '<sip:a@b',
  'sip:a@b>',
  '<sip:a@[::1>',
  '<sip:a@[2001:db8::10:5070]>',
  '<sip:a@[2001:db8::10]:5070;maddr=[::1]>',
  '<sip:a@b;lr=;;;>',
  '<sip:a@b?>',
  '<sip:%00@b>',
  '<sip:a@b:99999>',
  '<sip:a@b:-1>',
  '<urn:uuid:1>',
  '"unterminated <sip:a@b>',
  '<>',
  '',
  ',,,',
  '<sip:a@b>, *',
  '<sips:a@b;transport=udp>',
  `<sip:${'a'.repeat(5000)}@b>`,
];

/** Mutators that know SIP fields: numbers, Content-Length, branches, Contact and Record-Route, identifiers, start lines. */
export const fieldMutators: Mutator[] = [
  {
    name: 'huge-value',
    weight: 2,
    apply: onMessage((rng, message) => {
      if (message.lines.length === 0) return false;
      const i = rng.below(message.lines.length);
      const size = rng.weighted([[rng.int(256, 4096), 6], [rng.int(4096, 65536), 3], [rng.int(65536, 200_000), 1]] as const);
      const fill = rng.pick(['a', '9', ';p', ',', ' ', '%41', '"', '<', '\\"']);
      message.lines[i] = `${message.lines[i]!}${fill.repeat(Math.ceil(size / fill.length))}`;
      return true;
    }),
  },
  {
    name: 'bad-number',
    weight: 3,
    apply: onMessage((rng, message) => {
      const bad = rng.pick(BAD_NUMBERS);
      switch (rng.below(6)) {
        case 0: {
          const method = valueOf(message.lines[linesOf(message, 'cseq')[0] ?? -1] ?? 'CSeq: 1 INVITE').split(/\s+/)[1] ?? 'INVITE';
          setHeader(message, 'cseq', 'CSeq', `${bad} ${method}`);
          return true;
        }
        case 1:
          setHeader(message, 'max-forwards', 'Max-Forwards', bad);
          return true;
        case 2:
          setHeader(message, 'expires', 'Expires', bad);
          return true;
        case 3:
          message.start = message.start.startsWith('SIP/') ? message.start.replace(/^SIP\/2\.0 \d+/, `SIP/2.0 ${bad}`) : message.start;
          return true;
        case 4: {
          const via = linesOf(message, 'via')[0];
          if (via === undefined) return false;
          message.lines[via] = message.lines[via]!.replace(/(SIP\/2\.0\/\S+ [^;:\s]+)(:\d+)?/, `$1:${bad}`);
          return true;
        }
        default:
          setHeader(message, 'rseq', 'RSeq', bad);
          return true;
      }
    }),
  },
  {
    name: 'content-length-lie',
    weight: 3,
    apply: onMessage((rng, message) => {
      const actual = (message.body ?? '').length;
      const value = rng.pick([
        String(actual + rng.int(1, 100)),
        String(Math.max(0, actual - rng.int(1, 100))),
        '0',
        String(16 * 1024 * 1024 + 1),
        '-5',
        `${actual}, ${actual}`,
        ` ${actual}`,
      ]);
      if (rng.chance(0.2)) message.lines.push(`Content-Length: ${value}`);
      else if (rng.chance(0.1)) {
        const lengths = new Set(linesOf(message, 'content-length'));
        message.lines = message.lines.filter((_, i) => !lengths.has(i));
      }
      else setHeader(message, 'content-length', 'Content-Length', value);
      return true;
    }),
  },
  {
    name: 'rfc2543-branch',
    weight: 3,
    apply: onMessage((rng, message) => {
      // RFC 3261 §17.2.3: without the magic cookie the RFC 2543 matching rules apply.
      const via = linesOf(message, 'via')[0];
      if (via === undefined) return false;
      const line = message.lines[via]!;
      const branch = rng.pick(['', ';branch=', ';branch=z9hG4bK', `;branch=${rng.token(6)}`, ';branch=1', ';branch=z9hG4b']);
      message.lines[via] = line.includes(';branch=') ? line.replace(/;branch=[^;,\s]*/, branch) : line + branch;
      if (rng.chance(0.3)) setHeader(message, 'call-id', 'Call-ID', rng.pick(['shared-2543-call-id', '', 'a b', '@', 'x@y@z']));
      return true;
    }),
  },
  {
    name: 'via-mangle',
    weight: 2,
    apply: onMessage((rng, message) => {
      const via = linesOf(message, 'via')[0];
      const odd = rng.pick([
        'SIP/2.0/UDP',
        'SIP/2.0/UDP ;branch=z9hG4bKx',
        'SIP/2.0/XYZ host;branch=z9hG4bKx',
        'SIP/3.0/UDP host;branch=z9hG4bKx',
        'SIP/2.0/UDP 192.0.2.15;;,;,,',
        'SIP/2.0/UDP host;branch=z9hG4bKx;received=not-an-ip;rport=abc',
        'SIP/2.0/UDP host;branch=z9hG4bKx;maddr=;ttl=999',
        'SIP/2.0/UDP [::1;branch=z9hG4bKx',
        'SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKx;received=[2001:db8::9:255]',
        'SIP/2.0/TCP host:5060;branch=z9hG4bKx, SIP/2.0/UDP other;branch=z9hG4bKy',
        'SIP/2.0/UDP host;branch="quoted"',
        'SIP / 2.0 / UDP host ; branch = z9hG4bKx',
      ]);
      if (via === undefined || rng.chance(0.2)) message.lines.unshift(`Via: ${odd}`);
      else message.lines[via] = withValue(message.lines[via]!, odd);
      return true;
    }),
  },
  {
    name: 'odd-contact',
    weight: 3,
    apply: onMessage((rng, message) => {
      // issue 7: a 2xx with `Contact: *`, a non-SIP or unparseable Contact.
      const value = rng.pick(ODD_URIS);
      const params = rng.pick(['', ';expires=abc', ';expires=4294967296', ';q=2.5', ';+sip.instance="<urn:uuid:x>"', ';;']);
      setHeader(message, 'contact', 'Contact', value + params);
      return true;
    }),
  },
  {
    name: 'odd-record-route',
    weight: 2,
    apply: onMessage((rng, message) => {
      const values = Array.from({ length: rng.int(1, 3) }, () => rng.pick(ODD_URIS));
      if (rng.chance(0.5)) message.lines.push(`Record-Route: ${values.join(', ')}`);
      else for (const v of values) message.lines.push(`Record-Route: ${v}`);
      return true;
    }),
  },
  {
    name: 'identity-mismatch',
    weight: 3,
    apply: onMessage((rng, message, kind) => {
      // issue 7: responses whose From tag or Call-ID differ from the request's still match by branch and CSeq.
      switch (rng.below(kind === 'response' ? 6 : 4)) {
        case 0: {
          const from = linesOf(message, 'from')[0];
          if (from === undefined) return false;
          const line = message.lines[from]!;
          message.lines[from] = /;tag=[^;,\s]*/.test(line) ? line.replace(/;tag=[^;,\s]*/, rng.pick([';tag=other', ';tag=', ''])) : `${line};tag=other`;
          return true;
        }
        case 1:
          setHeader(message, 'call-id', 'Call-ID', rng.pick(['different@fuzz', '', 'has space', 'x'.repeat(300)]));
          return true;
        case 2: {
          const to = linesOf(message, 'to')[0];
          if (to === undefined) return false;
          const line = message.lines[to]!;
          message.lines[to] = /;tag=/.test(line) ? line.replace(/;tag=[^;,\s]*/, rng.pick(['', ';tag=', ';tag=a;tag=b'])) : `${line};tag=${rng.token(6)}`;
          return true;
        }
        case 3: {
          const cseq = linesOf(message, 'cseq')[0];
          if (cseq === undefined) return false;
          const [number = '1'] = valueOf(message.lines[cseq]!).split(/\s+/);
          message.lines[cseq] = withValue(message.lines[cseq]!, `${number} ${rng.pick(['INVITE', 'ACK', 'CANCEL', 'BYE', 'REGISTER', 'FOO', 'invite', ''])}`);
          return true;
        }
        case 4:
          message.lines = message.lines.filter((line) => !/^(to|t)\s*:/i.test(line) || rng.chance(0.5));
          message.lines.push(`To: <sip:someone-else@fuzz.test>;tag=${rng.token(5)}`);
          return true;
        default: {
          const via = linesOf(message, 'via')[0];
          if (via === undefined) return false;
          message.lines.splice(via, 0, 'Via: SIP/2.0/UDP extra.invalid;branch=z9hG4bKextra');
          return true;
        }
      }
    }),
  },
  {
    name: 'start-line',
    weight: 3,
    apply: onMessage((rng, message, kind) => {
      if (kind === 'response') {
        message.start = rng.pick([
          'SIP/2.0 99 Low',
          'SIP/2.0 700 High',
          'SIP/2.0 1000 Huge',
          'SIP/2.0 200',
          'SIP/2.0 200 OK\x00nul',
          'SIP/2.0 200 OK\x1b[31m',
          'SIP/3.0 200 OK',
          'sip/2.0 200 OK',
          'SIP/2.0  200  OK',
          'SIP/2.0 2OO OK',
          `SIP/2.0 ${rng.pick(['180', '183', '199', '200', '202', '299', '300', '401', '407', '481', '491', '503', '600'])} Mutated`,
          'SIP/2.0 200 ' + 'R'.repeat(10_000),
        ]);
        return true;
      }
      const [method = 'INVITE', uri = 'sip:x@y'] = message.start.split(' ');
      message.start = rng.pick([
        `${method} ${uri} SIP/3.0`,
        `${method} ${uri} SIP/2.0 extra`,
        `${method.toLowerCase()} ${uri} SIP/2.0`,
        `${rng.pick(['ACK', 'CANCEL', 'BYE', 'PRACK', 'NOTIFY', 'FOO', 'INV\x00ITE', 'I-N.V!I%T*E_+`\'~'])} ${uri} SIP/2.0`,
        `${method} ${rng.pick(['sip:', 'tel:+1', '<sip:x@y>', 'sip:x@y;;', 'http://x', 'sip:[::1', 'sip:x@y:0', 'sip:x@y?h=%0d%0a', '*', 'sip:user@host;maddr=[::1]'])} SIP/2.0`,
        `${method}  ${uri}  SIP/2.0`,
        `${method} ${uri}`,
        `${method}`,
        '',
      ]);
      return true;
    }),
  },
  {
    name: 'odd-params',
    weight: 2,
    apply: onMessage((rng, message) => {
      if (message.lines.length === 0) return false;
      const i = rng.below(message.lines.length);
      const params = rng.pick([
        ';'.repeat(rng.int(1, 50)),
        ';a'.repeat(rng.int(10, 2000)),
        ';tag=%00',
        ';tag=%zz',
        ';branch=z9hG4bK;branch=z9hG4bK2',
        ';=x',
        ';x="unterminated',
        ';x="a\\',
        ';received=;rport=;maddr=',
        ';lr;lr;lr',
        ';q=1.0000',
        ';expires=18446744073709551616',
      ]);
      message.lines[i] = message.lines[i]! + params;
      return true;
    }),
  },
  {
    name: 'unbalanced',
    weight: 2,
    apply: onMessage((rng, message) => {
      if (message.lines.length === 0) return false;
      const i = rng.below(message.lines.length);
      const line = message.lines[i]!;
      const at = rng.int(line.indexOf(':') + 1, line.length);
      message.lines[i] = line.slice(0, at) + rng.pick(['"', '<', '>', '\\', '(', ')', '[', ']', ',', ';', '=', '@', '%']) + line.slice(at);
      return true;
    }),
  },
  {
    name: 'body',
    weight: 1,
    apply: onMessage((rng, message) => {
      message.body = rng.pick([
        '',
        'v=0\r\no=\r\ns=\r\n',
        '\x00\x01\x02\xff\xfe'.repeat(rng.int(1, 50)),
        '--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b--\r\n',
        'x'.repeat(rng.int(1000, 60_000)),
        'SIP/2.0 200 OK\r\n\r\n',
      ]);
      if (rng.chance(0.5)) setHeader(message, 'content-type', 'Content-Type', rng.pick(['application/sdp', 'multipart/mixed;boundary=b', 'text/plain;charset=klingon', 'garbage', '*/*', 'application/', '']));
      if (rng.chance(0.8)) fixContentLength(message);
      return true;
    }),
  },
];
