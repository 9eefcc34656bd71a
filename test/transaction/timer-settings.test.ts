import { describe, expect, it } from 'vitest';
import { timerSettings } from '../../src/transaction/index.js';

describe('timerSettings', () => {
  it('uses the RFC 3261 Table 4 defaults and derives every timer from T1, T2 and T4', () => {
    expect(timerSettings()).toEqual({
      T1: 500,
      T2: 4000,
      T4: 5000,
      timerA: 500,
      timerB: 32_000,
      timerD: 32_000,
      timerE: 500,
      timerF: 32_000,
      timerG: 500,
      timerH: 32_000,
      timerI: 5000,
      timerJ: 32_000,
      timerK: 5000,
      timerL: 32_000,
      timerM: 32_000,
      timerC: 180_000,
    });
  });

  it('derives from a configured T1 and T4, and lets each timer be set on its own', () => {
    const t = timerSettings({ T1: 100, T4: 2500, timerD: 40_000, timerM: 1000 });
    expect([t.timerA, t.timerE, t.timerG]).toEqual([100, 100, 100]);
    expect([t.timerB, t.timerF, t.timerH, t.timerJ, t.timerL]).toEqual([6400, 6400, 6400, 6400, 6400]);
    expect([t.timerI, t.timerK]).toEqual([2500, 2500]);
    expect(t.timerD).toBe(40_000);
    expect(t.timerM).toBe(1000);
    // Timer C (RFC 3261 §16.6) is not derived from T1: 3 minutes whatever the network.
    expect(t.timerC).toBe(180_000);
    expect(timerSettings({ timerC: 240_000 }).timerC).toBe(240_000);
  });

  it('gives equal overrides one frozen settings object, and other overrides another', () => {
    const a = timerSettings({ timerC: 200_000 });
    expect(timerSettings({ timerC: 200_000, T1: undefined })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(timerSettings({ timerC: 210_000 })).not.toBe(a);
    expect(timerSettings()).toBe(timerSettings({}));
  });

  it('refuses negative or non-finite values', () => {
    expect(() => timerSettings({ T1: -1 })).toThrow(RangeError);
    expect(() => timerSettings({ timerB: Number.NaN })).toThrow(RangeError);
  });
});
