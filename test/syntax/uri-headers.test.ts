import { describe, expect, it } from 'vitest';
import { parseUri, URI } from '../../src/syntax/index.js';

describe('URI headers (RFC 3261 §19.1.1 `?name=value`)', () => {
  it('a URI without headers prints, compares and clones as one whose empty headers were read', () => {
    const parsed = parseUri('sip:alice@example.com;transport=ws');
    const read = parseUri('sip:alice@example.com;transport=ws');
    expect(read.headers.size).toBe(0);
    expect([parsed.hasHeaders, read.hasHeaders]).toEqual([false, false]);
    expect(parsed.equals(read)).toBe(true);
    expect(read.equals(parsed)).toBe(true);
    expect(parsed.toString()).toBe('sip:alice@example.com;transport=ws');
    const copy = parsed.clone();
    copy.headers.set('Subject', 'hi');
    expect([copy.toString(), parsed.toString()]).toEqual(['sip:alice@example.com;transport=ws?Subject=hi', 'sip:alice@example.com;transport=ws']);
    expect(parsed.equals(copy)).toBe(false);
    expect(copy.equals(parsed)).toBe(false);
  });

  it('headers set on a URI made without them are kept, printed and compared', () => {
    const uri = new URI({ scheme: 'sip', user: 'bob', host: 'example.com' });
    uri.headers.set('Priority', 'urgent');
    expect(uri.hasHeaders).toBe(true);
    expect(uri.toString()).toBe('sip:bob@example.com?Priority=urgent');
    expect(uri.equals(parseUri('sip:bob@example.com?Priority=urgent'))).toBe(true);
    expect(uri.equals(parseUri('sip:bob@example.com?Priority=normal'))).toBe(false);
    expect(uri.equals(parseUri('sip:bob@example.com'))).toBe(false);
  });
});

describe('a frozen URI without headers', () => {
  it('reads an empty headers list that refuses changes, and prints and compares as before', () => {
    const uri = Object.freeze(parseUri('sip:carol@example.com'));
    expect(uri.headers.size).toBe(0);
    expect(() => uri.headers.set('Subject', 'x')).toThrow(TypeError);
    expect(uri.toString()).toBe('sip:carol@example.com');
    expect(uri.equals(parseUri('sip:carol@example.com'))).toBe(true);
  });
});
