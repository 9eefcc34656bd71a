import { describe, expect, it } from 'vitest';
import { C, causes, SIP_ERROR_CAUSES, statusToCause } from '../../../src/api/constants/index.js';

describe('statusToCause (legacy SIP_ERROR_CAUSES)', () => {
  const mapped: Array<[number, string]> = [
    [300, 'Redirected'], [301, 'Redirected'], [302, 'Redirected'], [305, 'Redirected'], [380, 'Redirected'],
    [486, 'Busy'], [600, 'Busy'],
    [403, 'Rejected'], [603, 'Rejected'],
    [404, 'Not Found'], [604, 'Not Found'],
    [410, 'Unavailable'], [408, 'Unavailable'], [430, 'Unavailable'], [480, 'Unavailable'],
    [484, 'Address Incomplete'],
    [488, 'Incompatible SDP'], [606, 'Incompatible SDP'],
    [401, 'Authentication Error'], [407, 'Authentication Error'],
  ];
  it.each(mapped)('%i → %s', (status, cause) => {
    expect(statusToCause(status)).toBe(cause);
  });

  it('covers exactly the codes SIP_ERROR_CAUSES lists', () => {
    const listed = Object.values(SIP_ERROR_CAUSES).flat().sort();
    expect(listed).toEqual(mapped.map(([status]) => status).sort());
  });

  it.each([303, 399])('any other 3xx (%i) is REDIRECTED', (status) => {
    expect(statusToCause(status)).toBe(causes.REDIRECTED);
  });

  it.each([400, 405, 415, 420, 481, 487, 491, 500, 503, 504, 580, 699])('%i falls back to SIP_FAILURE_CODE', (status) => {
    expect(statusToCause(status)).toBe('SIP Failure Code');
  });

  it('is reachable as C.statusToCause', () => {
    expect(C.statusToCause(486)).toBe(C.causes.BUSY);
  });
});
