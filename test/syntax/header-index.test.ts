import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseMessage } from '../../src/index.js';
import { HeaderLine } from '../../src/syntax/header-line.js';

/** The text of an OPTIONS request with the given extra header lines after the mandatory ones. */
function request(lines: string[]): string {
  return (
    'OPTIONS sip:uas@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKtop\r\nMax-Forwards: 70\r\n' +
    'From: <sip:uac@192.0.2.7>;tag=f1\r\nTo: <sip:uas@192.0.2.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n' +
    `${lines.map((l) => `${l}\r\n`).join('')}Content-Length: 0\r\n\r\n`
  );
}

const N = 2000;
const sameName = Array.from({ length: N }, (_, i) => `Record-Route: <sip:p${i}.example.com;lr>`);
const distinctNames = Array.from({ length: N }, (_, i) => `X-Header-${i}: ${i}`);

/** Counts every time a header line is examined by name (its lookup key or a name match). */
function countLineVisits(): () => number {
  const key = vi.spyOn(HeaderLine.prototype, 'key', 'get');
  const matches = vi.spyOn(HeaderLine.prototype, 'matches');
  return () => key.mock.calls.length + matches.mock.calls.length;
}

/**
 * The array elements `work` writes with push and concat (how values get collected into a
 * result). The built-ins are swapped by hand, not spied on: a spy itself pushes.
 */
function elementCopies(work: () => void): number {
  let copies = 0;
  const proto = Array.prototype as unknown as Record<'push' | 'concat', (this: unknown[], ...items: unknown[]) => unknown>;
  const { push, concat } = proto;
  proto.push = function (...items) {
    copies += items.length;
    return Reflect.apply(push, this, items);
  };
  proto.concat = function (...items) {
    copies += this.length;
    for (const item of items) copies += Array.isArray(item) ? item.length : 1;
    return Reflect.apply(concat, this, items);
  };
  try {
    work();
  } finally {
    proto.push = push;
    proto.concat = concat;
  }
  return copies;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading headers costs work linear in the number of header lines', () => {
  it('looks up each of n distinct header names with O(n) line visits in all, not O(n²)', () => {
    const message = parseMessage(request(distinctNames));
    const visits = countLineVisits();
    for (const name of message.headerNames()) {
      message.rawHeaders(name);
      message.header(name);
    }
    // A constant number of visits per line, where a scan per lookup makes 2n².
    expect(visits()).toBeLessThan(10 * (N + 10));
  });

  it('collects the values of a header on n lines with O(n) copies, not O(n²)', () => {
    const message = parseMessage(request(sameName));
    expect(message.headers('Record-Route')).toHaveLength(N);
    let routes: unknown[] = [];
    let raw: string[] = [];
    const copies = elementCopies(() => {
      routes = message.headers('Record-Route');
      raw = message.rawHeaders('Record-Route');
    });
    expect(routes).toHaveLength(N);
    expect(raw).toHaveLength(N);
    expect(copies).toBeLessThan(4 * N);
  });

  // A short message is scanned, a long one indexed: both must read the same.
  for (const count of [3, 40]) {
    it(`reads every value in order, across lines and comma lists, after headers are added and removed (${count} lines)`, () => {
      const message = parseMessage(request(sameName.slice(0, count)));
      const hosts = sameName.slice(0, count).map((_, i) => `p${i}.example.com`);
      expect(message.rawHeader('v')).toBe('SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKtop');
      message.addHeader('Record-Route', '<sip:first.example.com;lr>', { prepend: true });
      message.addHeader('Record-Route', '<sip:a.example.com;lr>, <sip:b.example.com;lr>');
      expect(message.headers('Record-Route').map((r) => r.uri.host)).toEqual(['first.example.com', ...hosts, 'a.example.com', 'b.example.com']);
      expect(message.rawHeaders('record-route')).toHaveLength(count + 2);
      message.setHeader('Record-Route', '<sip:only.example.com;lr>');
      expect(message.headers('Record-Route').map((r) => r.uri.host)).toEqual(['only.example.com']);
      message.removeHeader('Record-Route');
      expect(message.hasHeader('Record-Route')).toBe(false);
      message.addHeader('Record-Route', '<sip:again.example.com;lr>');
      expect(message.header('Record-Route')?.uri.host).toBe('again.example.com');
      expect(message.toString().match(/^Record-Route: .*$/gm)).toEqual(['Record-Route: <sip:again.example.com;lr>']);
      message.addHeader('X-Late', 'one');
      expect(message.rawHeaders('x-late')).toEqual(['one']);
      expect(message.callId).toBe('c1');
    });
  }
});
