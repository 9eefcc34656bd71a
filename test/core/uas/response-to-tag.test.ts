import { describe, expect, it } from 'vitest';
import { createResponse } from '../../../src/core/uas/index.js';
import { parseMessage, type SipRequest } from '../../../src/syntax/index.js';

function request(to: string): SipRequest {
  return parseMessage(
    'INVITE sip:bob@biloxi.example.com SIP/2.0\r\n' +
      'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKtt1\r\n' +
      'Max-Forwards: 70\r\n' +
      'From: <sip:alice@atlanta.example.com>;tag=a1\r\n' +
      `To: ${to}\r\n` +
      'Call-ID: to-tag-1\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Content-Length: 0\r\n\r\n',
  ) as SipRequest;
}

// RFC 3261 §8.2.6.2: every response but a 100 carries the UAS's To tag; the To is otherwise the request's.
describe('the To of a response', () => {
  it('is the request’s To as it came, with the tag added after its parameters', () => {
    expect(createResponse(request('"Bob B."  <sip:bob@biloxi.example.com;transport=udp>;x-p=1'), 180, { toTag: 'u1' }).rawHeader('To')).toBe(
      '"Bob B."  <sip:bob@biloxi.example.com;transport=udp>;x-p=1;tag=u1',
    );
  });

  it('adds the tag as a header parameter to a To without angle brackets (§20: parameters after an addr-spec are header parameters)', () => {
    const response = createResponse(request('sip:bob@biloxi.example.com;x-p=1'), 200, { toTag: 'u2' });
    expect(response.rawHeader('To')).toBe('sip:bob@biloxi.example.com;x-p=1;tag=u2');
    expect(response.to.tag).toBe('u2');
    expect(response.to.uri.toString()).toBe('sip:bob@biloxi.example.com');
  });

  it('keeps a To that has a tag, and does not take a tag URI parameter inside <…> for one', () => {
    expect(createResponse(request('<sip:bob@biloxi.example.com>;tag=dlg'), 200, { toTag: 'u3' }).rawHeader('To')).toBe('<sip:bob@biloxi.example.com>;tag=dlg');
    expect(createResponse(request('<sip:bob@biloxi.example.com;tag=uri>'), 200, { toTag: 'u4' }).rawHeader('To')).toBe('<sip:bob@biloxi.example.com;tag=uri>;tag=u4');
  });

  it('leaves the To of a 100 Trying untagged', () => {
    expect(createResponse(request('<sip:bob@biloxi.example.com>'), 100, { toTag: 'u5' }).rawHeader('To')).toBe('<sip:bob@biloxi.example.com>');
  });
});
