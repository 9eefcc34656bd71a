/**
 * The delay before UA-level recovery round `round` (0 for the first), once every server has
 * failed: a random multiple of `min` that grows exponentially, k·min with k uniform in
 * 1…2^round (the legacy `connectionRecoveryMinInterval`/`MaxInterval` rule), capped at `max`.
 */
export function recoveryDelay(round: number, min: number, max: number, random: () => number = Math.random): number {
  const k = Math.floor(random() * 2 ** Math.min(round, 30)) + 1;
  return Math.min(k * min, max);
}
