import { describe, expect, it } from 'vitest';
import { canAnswer, checkRequest, createResponse, responseToUnparseable, type UasPolicy } from '../../../src/core/uas/index.js';
import { parseMessage, SipParseError, SipRequest } from '../../../src/index.js';
import { fixture as loadFixture } from '../../support/fixtures.js';
import { UAS_VERDICTS as expected } from '../../support/rfc4475-uas-verdicts.js';

const policy: UasPolicy = {
  allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'MESSAGE', 'INFO'],
  uriSchemes: ['sip', 'sips'],
  supported: ['outbound', 'path', 'gruu'],
  accept: ['application/sdp', 'text/plain'],
};

/** What a UA's UAS answers to one datagram: a status, 'pass' (handed to the application) or 'drop'. */
function answer(data: Uint8Array): number | 'pass' | 'drop' {
  let message;
  try {
    message = parseMessage(data);
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    const response = responseToUnparseable(error, 'uas-tag');
    if (response === undefined) return 'drop';
    // The answer itself must be a well-formed message.
    expect(parseMessage(response.toBytes()).callId).toBe(response.callId);
    return response.status;
  }
  if (!(message instanceof SipRequest) || !canAnswer(message)) return 'drop';
  const rejection = checkRequest(message, policy);
  if (rejection === undefined) return 'pass';
  const response = createResponse(message, rejection.status, { reason: rejection.reason, toTag: 'uas-tag', headers: rejection.headers });
  expect(response.status).toBe(rejection.status);
  return rejection.status;
}

describe('UAS answers to the RFC 4475 messages (RFC 3261 §8.2)', () => {
  for (const [name, verdict] of Object.entries(expected)) {
    it(`${name}.dat → ${verdict}`, () => {
      expect(answer(loadFixture(`${name}.dat`))).toBe(verdict);
    });
  }

  it('names the problem in the 400 reason phrase and copies the headers a response needs', () => {
    const request = parseMessage(loadFixture('scalar02.dat')) as SipRequest;
    const rejection = checkRequest(request, policy)!;
    expect(rejection.reason).toBe('Bad Request (invalid or missing CSeq)');
    const response = createResponse(request, rejection.status, { reason: rejection.reason, toTag: 't1' });
    expect(response.rawHeaders('Via')).toEqual(request.rawHeaders('Via'));
    expect(response.rawHeader('To')).toMatch(/;tag=t1$/);
    expect(response.rawHeader('Call-ID')).toBe(request.rawHeader('Call-ID'));
  });

  it('answers 405 and 501 with Allow', () => {
    const request = parseMessage(loadFixture('intmeth.dat')) as SipRequest;
    expect(checkRequest(request, policy)!.headers).toEqual([['Allow', policy.allowedMethods.join(', ')]]);
  });

  it('lists the unknown option tags of Require in Unsupported (RFC 4475 §3.3.5)', () => {
    const request = parseMessage(loadFixture('bext01.dat')) as SipRequest;
    expect(checkRequest(request, policy)!.headers).toEqual([['Unsupported', 'nothingSupportsThis, nothingSupportsThisEither']]);
  });
});

describe('response To tag (RFC 3261 §8.2.6.2)', () => {
  it('adds the tag even when the To URI has a tag parameter of its own, and keeps a real tag', () => {
    const base = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=f\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n';
    const uriTag = parseMessage(`${base}To: <sip:b@x;tag=evil>\r\n\r\n`) as SipRequest;
    expect(createResponse(uriTag, 200, { toTag: 'mine' }).to.tag).toBe('mine');
    const dialog = parseMessage(`${base}To: <sip:b@x>;tag=known\r\n\r\n`) as SipRequest;
    expect(createResponse(dialog, 200, { toTag: 'mine' }).to.tag).toBe('known');
  });
});
