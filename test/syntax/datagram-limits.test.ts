import { describe, expect, it } from 'vitest';
import { responseToUnparseable } from '../../src/core/uas/index.js';
import { frameDatagram, messageLimits, MESSAGE_TOO_LARGE, parseMessage, type DatagramEvent } from '../../src/index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function request(extra = '', body = '', length = enc(body).length): string {
  return (
    'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP client.example.com;branch=z9hG4bKlim\r\n' +
    'Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: lim\r\n' +
    `CSeq: 1 MESSAGE\r\n${extra}Content-Length: ${length}\r\n\r\n${body}`
  );
}

function refusal(event: DatagramEvent) {
  if (event.type !== 'error') throw new Error(`expected an error, got ${event.type}`);
  return event.error;
}

describe('frameDatagram with message limits', () => {
  const limits = messageLimits({ maxHeadBytes: 4096, maxHeaderLines: 20, maxBodyBytes: 100 });

  for (const [title, data] of [
    ['as bytes', (t: string) => enc(t)],
    ['as text', (t: string) => t],
  ] as const) {
    it(`refuses more header lines than allowed, with the head for a 513 (${title})`, () => {
      const error = refusal(frameDatagram(data(request('Route: <sip:p.example.com;lr>\r\n'.repeat(20))), limits));
      expect(error.rule).toBe(MESSAGE_TOO_LARGE);
      expect(error.message).toBe('message too large: 27 header lines, over 20');
      expect(responseToUnparseable(error, 't')?.toString()).toBe(
        'SIP/2.0 513 Message Too Large\r\nVia: SIP/2.0/UDP client.example.com;branch=z9hG4bKlim\r\n' +
          'From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>;tag=t\r\nCall-ID: lim\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n',
      );
    });

    it(`refuses a body over the limit, by Content-Length or, without it, by what follows the head (${title})`, () => {
      expect(refusal(frameDatagram(data(request('', 'x'.repeat(101))), limits)).rule).toBe(MESSAGE_TOO_LARGE);
      const noLength = request('', 'é'.repeat(60)).replace('Content-Length: 120\r\n', '');
      expect(refusal(frameDatagram(data(noLength), limits)).head).toBeDefined();
      expect(frameDatagram(data(request('', 'x'.repeat(100))), limits).type).toBe('message');
    });

    it(`refuses a head over the limit without splitting it: nothing to answer from (${title})`, () => {
      const error = refusal(frameDatagram(data(request(`X-Pad: ${'é'.repeat(2100)}\r\n`)), limits));
      expect(error.rule).toBe(MESSAGE_TOO_LARGE);
      expect(error.head).toBeUndefined();
    });
  }

  it('leaves parseMessage without limits', () => {
    expect(parseMessage(request('Route: <sip:p.example.com;lr>\r\n'.repeat(300), 'x'.repeat(100_000))).headers('Route')).toHaveLength(300);
  });
});
