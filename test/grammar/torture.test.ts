/**
 * RFC 4475 torture messages, header by header: the start line and every catalogued header
 * value are run through their start rule. Framing here is the bare minimum (split at the
 * empty line, unfold continuation lines); the message layer has its own tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { headerCatalogue } from '../../grammar/headers.js';
import { parse } from './parser.js';

const dir = '/work/shared/spec/rfc4475/';
const ruleOf = new Map<string, string>();
for (const h of headerCatalogue) {
  ruleOf.set(h.name.toLowerCase(), h.rule);
  if (h.compact) ruleOf.set(h.compact, h.rule);
}

/** The rules that fail on each message; every other file must parse throughout. */
const expectedFailures: Record<string, string[]> = {
  'badaspec.dat': ['To'],
  'baddate.dat': ['Date'],
  'baddn.dat': ['From', 'To'],
  'badinv01.dat': ['Via', 'Contact'],
  'bigcode.dat': ['StatusLine'],
  'ltgtruri.dat': ['RequestLine'],
  'lwsruri.dat': ['RequestLine'],
  'lwsstart.dat': ['RequestLine'],
  'ncl.dat': ['ContentLength'],
  'quotbal.dat': ['To'],
  'regbadct.dat': ['Contact'],
  'scalar02.dat': ['CSeq', 'MaxForwards'],
  'scalarlg.dat': ['CSeq', 'RetryAfter', 'Warning'],
  'trws.dat': ['RequestLine'],
  // not an RFC 4475 case: no SIP-Version, and To/From values "sip:user@example.com"-less
  'test.dat': ['RequestLine', 'To', 'From'],
};

function headerLines(file: string): { start: string; headers: [string, string][] } {
  const bytes = readFileSync(dir + file);
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8').replace(/\r\n(?=[ \t])/g, ' ');
  const [start, ...lines] = head.split('\r\n').filter((l) => l !== '');
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { start: start!, headers };
}

function failures(file: string): string[] {
  const { start, headers } = headerLines(file);
  const failed: string[] = [];
  const startRule = start.startsWith('SIP/') ? 'StatusLine' : 'RequestLine';
  try {
    parse(startRule, start);
  } catch {
    failed.push(startRule);
  }
  for (const [name, value] of headers) {
    const rule = ruleOf.get(name.toLowerCase());
    if (rule === undefined) continue;
    try {
      parse(rule, value);
    } catch {
      if (!failed.includes(rule)) failed.push(rule);
    }
  }
  return failed.sort();
}

describe('RFC 4475 torture messages', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.dat')).sort();
  test('all 50 files are here', () => expect(files).toHaveLength(50));
  test.each(files)('%s', (file) => {
    expect(failures(file)).toEqual([...(expectedFailures[file] ?? [])].sort());
  });

  test('wsinv: folded, spaced-out values parse to the right fields', () => {
    const { headers } = headerLines('wsinv.dat');
    const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())![1];
    expect(parse<{ seq: number; method: string }>('CSeq', get('cseq'))).toEqual({ seq: 9, method: 'INVITE' });
    expect(parse<{ value: number }>('MaxForwards', get('MaX-fOrWaRdS')).value).toBe(68);
    const from = parse<any>('From', get('from'));
    expect(from.displayName).toBe('J Rosenberg \\"');
    expect(from.params.get('tag')).toBe('98asjd8');
    const vias = headers.filter(([k]) => k === 'v' || k === 'Via').flatMap(([, v]) => parse<any[]>('Via', v));
    expect(vias.map((v) => v.params.get('branch'))).toEqual(['390skdjuw', 'z9hG4bK9ikj8', 'z9hG4bK30239']);
    expect(parse<any>('Subject', get('s')).value).toBe('');
  });

  test('esc02: two Contact values, display names with %', () => {
    const { headers } = headerLines('esc02.dat');
    const contacts = headers.filter(([k]) => k === 'Contact').flatMap(([, v]) => parse<any[]>('Contact', v));
    expect(contacts.map((c) => c.uri.host)).toEqual(['host1.example.com', 'host3.example.com']);
    expect(parse<any>('To', headers.find(([k]) => k === 'To')![1]).displayName).toBe('%Z%45');
  });

  test('regaut01: unknown authorization scheme', () => {
    const { headers } = headerLines('regaut01.dat');
    const auth = parse<any>('Authorization', headers.find(([k]) => k === 'Authorization')![1]);
    expect(auth.scheme).toBe('NoOneKnowsThisScheme');
    expect(auth.params.get('opaque-data')).toBe('here');
  });

  test('longreq: long values survive', () => {
    const { headers } = headerLines('longreq.dat');
    const to = parse<any>('To', headers.find(([k]) => k === 'To')![1]);
    expect(to.displayName).toMatch(/^I have a user name of (extreme){10} proportion$/);
    expect(to.uri.port).toBe(6000);
    const vias = headers.filter(([k]) => k.toLowerCase() === 'via' || k === 'v').flatMap(([, v]) => parse<any[]>('Via', v));
    expect(vias.length).toBeGreaterThan(20);
  });
});
