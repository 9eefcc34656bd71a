// Timers take a signed 32-bit millisecond count; a longer delay fires at once in browsers and Node, which
// would turn a generous registrar (a month-long binding) into a REGISTER storm. Longer waits are capped.
const MAX_TIMER_MS = 2 ** 31 - 1;

// Legacy SIP.js RegisterContext refreshes 3 s before the binding expires.
const LEGACY_MARGIN_S = 3;

/**
 * When to refresh a binding granted for `expires` seconds, in ms: the legacy (expires − 3 s), but never
 * earlier than half the lifetime, so a very short grant (≤ 6 s) is refreshed at expires / 2 instead of at
 * once, again and again.
 */
export function refreshDelayMs(expires: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(expires - LEGACY_MARGIN_S, expires / 2) * 1000);
}

/** When a binding granted for `expires` seconds lapses, in ms (legacy: marked expired at `expires`). */
export function expiryDelayMs(expires: number): number {
  return Math.min(MAX_TIMER_MS, expires * 1000);
}
