import { describe, expect, it } from 'vitest';
import { ACCEPTED_BODY_TYPES, ALLOWED_METHODS, C, MAX_FORWARDS, UA_ERROR, UA_STATUS, USER_AGENT } from '../../../src/api/constants/index.js';

describe('SIP.C', () => {
  it('has every legacy cause with its legacy string', () => {
    expect(C.causes).toEqual({
      CONNECTION_ERROR: 'Connection Error',
      REQUEST_TIMEOUT: 'Request Timeout',
      SIP_FAILURE_CODE: 'SIP Failure Code',
      INTERNAL_ERROR: 'Internal Error',
      BUSY: 'Busy',
      REJECTED: 'Rejected',
      REDIRECTED: 'Redirected',
      UNAVAILABLE: 'Unavailable',
      NOT_FOUND: 'Not Found',
      ADDRESS_INCOMPLETE: 'Address Incomplete',
      INCOMPATIBLE_SDP: 'Incompatible SDP',
      AUTHENTICATION_ERROR: 'Authentication Error',
      DIALOG_ERROR: 'Dialog Error',
      WEBRTC_NOT_SUPPORTED: 'WebRTC Not Supported',
      WEBRTC_ERROR: 'WebRTC Error',
      CANCELED: 'Canceled',
      NO_ANSWER: 'No Answer',
      EXPIRES: 'Expires',
      NO_ACK: 'No ACK',
      NO_PRACK: 'No PRACK',
      USER_DENIED_MEDIA_ACCESS: 'User Denied Media Access',
      BAD_MEDIA_DESCRIPTION: 'Bad Media Description',
      RTP_TIMEOUT: 'RTP Timeout',
    });
  });

  it('names sipforge in USER_AGENT', () => {
    expect(USER_AGENT).toBe('sipforge/0.1.0');
    expect(C.USER_AGENT).toBe(USER_AGENT);
  });

  it('keeps the legacy support levels, methods, reason phrases and option tags', () => {
    expect(C.supported).toEqual({ UNSUPPORTED: 'none', SUPPORTED: 'supported', REQUIRED: 'required' });
    expect(C.INVITE).toBe('INVITE');
    expect(C.REGISTER).toBe('REGISTER');
    expect(C.REASON_PHRASE[486]).toBe('Busy Here');
    expect(C.OPTION_TAGS.has('outbound')).toBe(true);
    expect(C.OPTION_TAGS.has('x-made-up')).toBe(false);
  });

  it('keeps the legacy UA constants', () => {
    expect(UA_STATUS).toEqual({ STATUS_INIT: 0, STATUS_STARTING: 1, STATUS_READY: 2, STATUS_USER_CLOSED: 3, STATUS_NOT_READY: 4 });
    expect(UA_ERROR).toEqual({ CONFIGURATION_ERROR: 1, NETWORK_ERROR: 2 });
    expect(ALLOWED_METHODS).toEqual(['ACK', 'CANCEL', 'INVITE', 'MESSAGE', 'BYE', 'OPTIONS', 'INFO', 'NOTIFY', 'REFER']);
    expect(ACCEPTED_BODY_TYPES).toEqual(['application/sdp', 'application/dtmf-relay']);
    expect(MAX_FORWARDS).toBe(70);
  });

  it('cannot be changed', () => {
    expect(Object.isFrozen(C)).toBe(true);
    expect(Object.isFrozen(C.causes)).toBe(true);
    expect(() => {
      (C.causes as { BUSY: string }).BUSY = 'x';
    }).toThrow(TypeError);
  });
});
