import { describe, expect, it } from 'vitest';
import { initialRSeq, MAX_RSEQ } from '../../src/session/index.js';

describe('the first RSeq (RFC 3262 §3)', () => {
  it('is drawn uniformly in 1 … 2³¹−1', () => {
    expect(initialRSeq(() => 0)).toBe(1);
    expect(initialRSeq(() => 0.5)).toBe(1073741824);
    expect(initialRSeq(() => 1 - Number.EPSILON)).toBe(MAX_RSEQ);
    expect(MAX_RSEQ).toBe(2147483647);
  });
});
