import { describe, expect, it } from 'vitest';
import { answerDirection, directionOf, holdsCall, offerDirection } from '../../src/session/sdp/direction.js';

describe('SDP direction rules', () => {
  it('reads a stream\'s direction, falling back to the session level, then sendrecv (RFC 4566 §6)', () => {
    expect(directionOf({ direction: 'sendonly' }, { direction: 'inactive' })).toBe('sendonly');
    expect(directionOf({}, { direction: 'inactive' })).toBe('inactive');
    expect(directionOf({})).toBe('sendrecv');
    expect(directionOf({ direction: 'bogus' })).toBe('sendrecv');
  });

  it('answers the mirror image of the offer (RFC 3264 §6.1), narrowed by our hold', () => {
    expect(['sendrecv', 'sendonly', 'recvonly', 'inactive'].map((d) => answerDirection(d as never, false))).toEqual([
      'sendrecv',
      'recvonly',
      'sendonly',
      'inactive',
    ]);
    expect(['sendrecv', 'sendonly', 'recvonly', 'inactive'].map((d) => answerDirection(d as never, true))).toEqual([
      'sendonly',
      'inactive',
      'sendonly',
      'inactive',
    ]);
  });

  it('offers sendrecv, sendonly to hold, inactive when the peer holds too (RFC 6337 §5.3)', () => {
    expect(offerDirection(false, false)).toBe('sendrecv');
    expect(offerDirection(false, true)).toBe('sendrecv');
    expect(offerDirection(true, false)).toBe('sendonly');
    expect(offerDirection(true, true)).toBe('inactive');
  });

  it('takes sendonly and inactive from the peer as its hold', () => {
    expect([holdsCall('sendrecv'), holdsCall('recvonly'), holdsCall('sendonly'), holdsCall('inactive')]).toEqual([false, false, true, true]);
  });
});
