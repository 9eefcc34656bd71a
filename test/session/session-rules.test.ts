import { describe, expect, it } from 'vitest';
import { dtmfPlan, dtmfRelayBody, glareRetryDelay, peerHolds, pendingInviteRetryAfter, readDtmfRelay } from '../../src/session/index.js';
import { peerSdp } from '../support/fake-media-handler.js';

describe('peerHolds (RFC 3264 §8.4)', () => {
  it('is true when every stream in use is sendonly or inactive, or at 0.0.0.0', () => {
    expect(peerHolds(peerSdp({ direction: 'sendonly' }))).toBe(true);
    expect(peerHolds(peerSdp({ direction: 'inactive' }))).toBe(true);
    expect(peerHolds(peerSdp({ direction: 'sendrecv' }))).toBe(false);
    expect(peerHolds(peerSdp({ direction: 'recvonly' }))).toBe(false);
    expect(peerHolds(peerSdp({ address: '0.0.0.0' }))).toBe(true);
    const sessionLevel = peerSdp().replace('a=sendrecv\r\n', '').replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n');
    expect(peerHolds(sessionLevel)).toBe(true);
  });

  it('ignores streams at port 0, and holds nothing for a description without one in use or that cannot be read', () => {
    const video = peerSdp({ direction: 'sendonly' }) + 'm=video 0 RTP/AVP 31\r\na=recvonly\r\n';
    expect(peerHolds(video)).toBe(true);
    expect(peerHolds(peerSdp().replace('m=audio 4000', 'm=audio 0'))).toBe(false);
    expect(peerHolds('not sdp at all')).toBe(false);
  });
});

describe('DTMF rules', () => {
  it('writes and reads application/dtmf-relay bodies', () => {
    expect(dtmfRelayBody('#', 160)).toBe('Signal=#\r\nDuration=160\r\n');
    expect(readDtmfRelay('Signal=#\r\nDuration=160\r\n')).toEqual({ tone: '#', duration: 160 });
    expect(readDtmfRelay('signal = a\r\n')).toEqual({ tone: 'A', duration: 0 });
    expect(readDtmfRelay('Signal=12\r\n')).toBeUndefined();
    expect(readDtmfRelay('')).toBeUndefined();
  });

  it('checks tones and brings timings into the legacy ranges (duration 70–6000 ms, interToneGap at least 50 ms)', () => {
    expect(dtmfPlan('12#*abcd,')).toEqual({ tones: '12#*ABCD,', duration: 100, interToneGap: 500, extraHeaders: [] });
    expect(dtmfPlan(5, { duration: 10, interToneGap: 1 })).toMatchObject({ tones: '5', duration: 70, interToneGap: 50 });
    expect(dtmfPlan('1', { duration: 9000 }).duration).toBe(6000);
    expect(() => dtmfPlan('')).toThrow(TypeError);
    expect(() => dtmfPlan('1E')).toThrow(TypeError);
    expect(() => dtmfPlan('1', { duration: Number.NaN })).toThrow(/^duration/);
  });
});

describe('RFC 3261 §14 waits', () => {
  it('glare: 2.1–4 s in 10 ms steps when we own the Call-ID, 0–2 s otherwise', () => {
    expect([glareRetryDelay(true, () => 0), glareRetryDelay(true, () => 0.999999)]).toEqual([2100, 4000]);
    expect([glareRetryDelay(false, () => 0), glareRetryDelay(false, () => 0.999999)]).toEqual([0, 2000]);
    for (const r of [0.1, 0.37, 0.5, 0.73]) {
      expect(glareRetryDelay(true, () => r) % 10).toBe(0);
      expect(glareRetryDelay(false, () => r) % 10).toBe(0);
    }
  });

  it('Retry-After of the 500 to an overlapping re-INVITE: 0–10 s', () => {
    expect([pendingInviteRetryAfter(() => 0), pendingInviteRetryAfter(() => 0.5), pendingInviteRetryAfter(() => 0.999999)]).toEqual([0, 5, 10]);
  });
});
