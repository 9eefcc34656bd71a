import type { DigestChallenge } from './digest-challenge.js';

/**
 * One challenge per protection space (header and realm): the strongest algorithm offered, the
 * topmost on a tie. RFC 8760 §2 adds per-realm challenges for several algorithms; ranking by strength
 * rather than by the server's order keeps a list with MD5 first (or an injected one) from downgrading us.
 * Spaces keep the order of their first challenge, so a 407 from a proxy and a 401 aggregated into
 * the same response are each answered.
 */
export function selectChallenges(challenges: readonly DigestChallenge[]): DigestChallenge[] {
  const best = new Map<string, DigestChallenge>();
  for (const challenge of challenges) {
    const key = challenge.protectionSpace;
    const current = best.get(key);
    if (current === undefined || challenge.algorithm.strength > current.algorithm.strength) best.set(key, challenge);
  }
  return [...best.values()];
}
