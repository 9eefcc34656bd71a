import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responseToUnparseable } from '../../src/core/uas/index.js';
import { parseMessage, SipParseError, SipRequest } from '../../src/index.js';

const PRELUDE =
  'OPTIONS sip:uas@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKcr\r\nMax-Forwards: 70\r\n' +
  'From: <sip:uac@192.0.2.7>;tag=f1\r\nTo: <sip:uas@192.0.2.1>\r\nCSeq: 1 OPTIONS\r\n';

function parseError(text: string): SipParseError {
  try {
    parseMessage(text);
  } catch (error) {
    if (error instanceof SipParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('a bare CR in a header line (RFC 3261 §7.3.1, §25)', () => {
  it('fails the message, naming the header, with the split head attached', () => {
    const error = parseError(`${PRELUDE}Call-ID: abc\rdef\r\nContent-Length: 0\r\n\r\n`);
    expect(error.rule).toBe('message-header');
    expect(error.header).toBe('Call-ID');
    expect(error.message).toMatch(/^bare CR in the Call-ID header line/);
    expect(error.head?.headers).toContainEqual({ name: 'Call-ID', value: 'abc\rdef' });
    expect(error.head?.headers.map((h) => h.name)).toEqual(['Via', 'Max-Forwards', 'From', 'To', 'CSeq', 'Call-ID', 'Content-Length']);
  });

  it('is found in a continuation line, and at the very end of the header block', () => {
    expect(parseError(`${PRELUDE}Call-ID: c\r\nSubject: a\r\n b\rc\r\n\r\n`).header).toBe('Subject');
    expect(parseError(`${PRELUDE}Call-ID: c\r\nSubject: a\r\r\n\r\n`).header).toBe('Subject');
    expect(parseError(`${PRELUDE}Call-ID: c\r\nSubject:\r a\r\n\r\n`).header).toBe('Subject');
  });

  it('is answered 400 when the copied headers are clean, and dropped when one holds the CR', () => {
    const subject = responseToUnparseable(parseError(`${PRELUDE}Call-ID: c1\r\nSubject: a\rb\r\n\r\n`), 'uas-tag');
    expect(subject?.toString()).toBe(
      'SIP/2.0 400 Bad Request (malformed Subject)\r\nVia: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKcr\r\nFrom: <sip:uac@192.0.2.7>;tag=f1\r\n' +
        'To: <sip:uas@192.0.2.1>;tag=uas-tag\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    expect(responseToUnparseable(parseError(`${PRELUDE}Call-ID: abc\rdef\r\n\r\n`))).toBeUndefined();
    expect(responseToUnparseable(parseError(`${PRELUDE.replace('tag=f1', 'tag=f\r1')}Call-ID: c1\r\n\r\n`))).toBeUndefined();
  });

  it('leaves CRLF line ends, folding and LF-only line ends as they were', () => {
    const message = parseMessage(`${PRELUDE}Call-ID: c1\r\nSubject: a\r\n  b\n\tc\r\nContent-Length: 0\n\n`) as SipRequest;
    expect(message.rawHeader('Subject')).toBe('a b c');
    expect(message.callId).toBe('c1');
  });

  it('never lets a CR or LF into a header value of a parsed message, nor makes building the answer throw', () => {
    const piece = fc.constantFrom('a', ' ', '\t', '\r', '\n', '\r\n', '\r\n ', '\n ', '\r\r\n', ';', '<', '>', ':', '@');
    const value = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const name = fc.constantFrom('Call-ID', 'i', 'From', 'To', 'Via', 'CSeq', 'Subject', 'X-Extra');
    fc.assert(
      fc.property(name, value, (header, text) => {
        const data = `${PRELUDE}Call-ID: c1\r\n${header}: ${text}\r\nContent-Length: 0\r\n\r\n`;
        let message;
        try {
          message = parseMessage(data);
        } catch (error) {
          expect(error).toBeInstanceOf(SipParseError);
          responseToUnparseable(error as SipParseError);
          return;
        }
        for (const name of message.headerNames()) {
          for (const raw of message.rawHeaders(name)) expect(raw).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
