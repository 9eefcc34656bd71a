import { describe, expect, it } from 'vitest';
import { uasContactFor } from '../../../src/core/dialog/index.js';
import { ContactHeader, parseMessage, type SipRequest } from '../../../src/syntax/index.js';

// RFC 3261 §12.1.1: the Contact of a response that establishes a dialog MUST be a SIPS URI when the
// request's Request-URI, or its top Record-Route, or — without Record-Route — its Contact is one.

function invite(options: { ruri?: string; recordRoute?: string[]; contact?: string }): SipRequest {
  return parseMessage(
    `INVITE ${options.ruri ?? 'sip:k7d2@ua1.invalid;transport=ws'} SIP/2.0\r\n` +
      'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKc1\r\n' +
      (options.recordRoute ?? []).map((value) => `Record-Route: ${value}\r\n`).join('') +
      'From: <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n' +
      `Contact: ${options.contact ?? '<sip:bob@192.0.2.9;transport=ws>'}\r\n` +
      'Content-Length: 0\r\n\r\n',
  ) as SipRequest;
}

const OURS = ContactHeader.parse('<sip:k7d2@ua1.invalid;transport=wss>;+sip.instance="<urn:uuid:1>"')[0]!;

describe('uasContactFor (RFC 3261 §12.1.1)', () => {
  it('makes our Contact a SIPS URI for a sips: Request-URI, a sips: top Record-Route, or a sips: Contact without Record-Route', () => {
    const cases = [
      invite({ ruri: 'sips:alice@example.com' }),
      invite({ recordRoute: ['<sips:edge.example.com;lr>', '<sip:core.example.com;lr>'] }),
      invite({ contact: '<sips:bob@192.0.2.9;transport=wss>' }),
    ];
    for (const request of cases) {
      expect(uasContactFor(request, OURS).toString()).toBe('<sips:k7d2@ua1.invalid;transport=wss>;+sip.instance="<urn:uuid:1>"');
    }
    expect(OURS.uri!.scheme).toBe('sip');
  });

  it('keeps our Contact as it is otherwise (a sips: Contact behind a sip: Record-Route does not count)', () => {
    for (const request of [invite({}), invite({ recordRoute: ['<sip:edge.example.com;lr>'], contact: '<sips:bob@192.0.2.9>' }), invite({ recordRoute: ['<sip:a;lr>', '<sips:b;lr>'] })]) {
      expect(uasContactFor(request, OURS)).toBe(OURS);
    }
  });
});
