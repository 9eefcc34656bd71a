/** A number in [0, 1), as `Math.random` gives; tests inject their own. */
export type RandomSource = () => number;

/**
 * RFC 3261 §14.1: after a 491 to our re-INVITE, wait before trying again — a random time in units of
 * 10 ms, 2.1–4 s when this UA owns the dialog's Call-ID (it sent the initial INVITE), 0–2 s when it
 * does not, so that the two sides of a glare do not collide again.
 */
export function glareRetryDelay(ownsCallId: boolean, random: RandomSource): number {
  const [min, max] = ownsCallId ? [2100, 4000] : [0, 2000];
  const steps = (max - min) / 10 + 1;
  return min + 10 * Math.min(steps - 1, Math.floor(random() * steps));
}

/**
 * RFC 3261 §14.2: the Retry-After of the 500 to a re-INVITE that arrives while another one is still
 * being answered, a random number of seconds from 0 to 10.
 */
export function pendingInviteRetryAfter(random: RandomSource): number {
  return Math.min(10, Math.floor(random() * 11));
}
