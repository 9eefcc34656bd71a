// Timers take a signed 32-bit millisecond count; a longer delay fires at once in browsers and Node.
const MAX_TIMER_MS = 2 ** 31 - 1;
// The refresh must reach the notifier before the subscription runs out (RFC 6665 §4.1.2.2); this much
// room covers a few retransmissions of the SUBSCRIBE and a digest challenge.
const MIN_MARGIN_S = 5;

/**
 * When to refresh a subscription granted for `expires` seconds, in ms. RFC 6665 §4.1.2.2 asks for the
 * refresh before the expiry without fixing when; this sends it with a tenth of the lifetime left (the
 * legacy SIP.js 90 %), but with at least 5 s left, and never before half the lifetime (a 6 s grant is
 * refreshed at 3 s, not at once again and again).
 */
export function subscriptionRefreshDelayMs(expires: number): number {
  const margin = Math.max(MIN_MARGIN_S, expires / 10);
  return Math.min(MAX_TIMER_MS, Math.max(expires / 2, expires - margin) * 1000);
}

/** When a subscription granted for `expires` seconds lapses, in ms. */
export function subscriptionExpiryDelayMs(expires: number): number {
  return Math.min(MAX_TIMER_MS, expires * 1000);
}

/** A notifier's `retry-after` seconds, in ms (capped like the other waits). */
export function resubscribeDelayMs(retryAfter: number): number {
  return Math.min(MAX_TIMER_MS, retryAfter * 1000);
}
