import type { RandomSource } from '../reinvite/glare-delay.js';

/** RFC 3262 §3: the largest RSeq, 2³¹−1. */
export const MAX_RSEQ = 2 ** 31 - 1;

/** RFC 3262 §3: the RSeq of the first reliable provisional response, chosen uniformly in 1 … 2³¹−1. */
export function initialRSeq(random: RandomSource): number {
  return Math.min(MAX_RSEQ, 1 + Math.floor(random() * MAX_RSEQ));
}
