import { describe, expect, test } from 'vitest';
import { headerCatalogue } from '../../grammar/headers.js';
import { headerKinds } from '../../grammar/header-spec.js';
import { startRules, parser } from './parser.js';

describe('header catalogue', () => {
  test('names, compact forms and rules are unique', () => {
    const names = headerCatalogue.map((h) => h.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    const compacts = headerCatalogue.flatMap((h) => (h.compact ? [h.compact] : []));
    expect(new Set(compacts).size).toBe(compacts.length);
    for (const c of compacts) expect(c).toMatch(/^[a-z]$/);
  });

  test('compact forms of RFC 3261 §7.3.3 and the extension RFCs', () => {
    const compact = Object.fromEntries(headerCatalogue.filter((h) => h.compact).map((h) => [h.compact, h.name]));
    expect(compact).toEqual({
      i: 'Call-ID', m: 'Contact', e: 'Content-Encoding', l: 'Content-Length', c: 'Content-Type',
      f: 'From', s: 'Subject', k: 'Supported', t: 'To', v: 'Via',
      o: 'Event', u: 'Allow-Events', r: 'Refer-To', b: 'Referred-By', x: 'Session-Expires',
    });
  });

  test('every RFC 3261 §20 header is catalogued', () => {
    const rfc3261 = [
      'Accept', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Authentication-Info', 'Authorization',
      'Call-ID', 'Call-Info', 'Contact', 'Content-Disposition', 'Content-Encoding', 'Content-Language',
      'Content-Length', 'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Expires', 'From', 'In-Reply-To',
      'Max-Forwards', 'Min-Expires', 'MIME-Version', 'Organization', 'Priority', 'Proxy-Authenticate',
      'Proxy-Authorization', 'Proxy-Require', 'Record-Route', 'Reply-To', 'Require', 'Retry-After', 'Route',
      'Server', 'Subject', 'Supported', 'Timestamp', 'To', 'Unsupported', 'User-Agent', 'Via', 'Warning',
      'WWW-Authenticate',
    ];
    const names = headerCatalogue.map((h) => h.name);
    for (const n of rfc3261) expect(names).toContain(n);
    for (const h of headerCatalogue.filter((x) => rfc3261.includes(x.name))) expect(h.source).toMatch(/^RFC 3261 §20\.\d+$/);
  });

  test('every entry names a known kind, a start rule of the grammar and an RFC section', () => {
    for (const h of headerCatalogue) {
      expect(Object.keys(headerKinds)).toContain(h.kind);
      expect(h.source).toMatch(/^RFC \d+ §[\d.]+$/);
      expect(['comma', 'semicolon', 'single']).toContain(h.list);
      // peggy refuses an unknown start rule with "Can't start parsing from rule"
      try {
        parser.parse('\u0000', { startRule: h.rule });
      } catch (e) {
        expect(String((e as Error).message)).not.toMatch(/Can't start parsing/);
      }
    }
    expect(startRules).toEqual(expect.arrayContaining(['RequestLine', 'StatusLine', 'URI', 'NameAddrOrAddrSpec']));
  });

  test('param accessors are well formed', () => {
    for (const h of headerCatalogue) {
      const seen = new Set<string>();
      for (const p of h.params ?? []) {
        expect(p.accessor).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(p.param).toMatch(/^[A-Za-z0-9\-.!%*_+`'~]+$/);
        expect(seen.has(p.accessor)).toBe(false);
        seen.add(p.accessor);
      }
    }
    const via = headerCatalogue.find((h) => h.name === 'Via')!;
    expect(via.params).toContainEqual({ accessor: 'rport', param: 'rport', type: 'numberOrFlag' });
    const contact = headerCatalogue.find((h) => h.name === 'Contact')!;
    expect(contact.params).toContainEqual({ accessor: 'instance', param: '+sip.instance', type: 'string' });
    expect(contact.params).toContainEqual({ accessor: 'regId', param: 'reg-id', type: 'number' });
  });
});
