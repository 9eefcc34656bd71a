/** What a subscriber does when the notifier ends its subscription: subscribe again (now or later), or stop. */
export type AfterTermination = { resubscribe: true; delaySeconds: number } | { resubscribe: false };

/**
 * RFC 6665 §4.1.3, by the reason of `Subscription-State: terminated`: `deactivated` and `timeout`
 * invite an immediate new subscription; `probation` and `giveup` one after `retry-after` seconds
 * (at once without it); `rejected`, `noresource` and `invariant` mean a new one would fail the same
 * way; an unknown or missing reason gives no grounds to retry either.
 */
export function afterTermination(reason: string | undefined, retryAfter: number | undefined): AfterTermination {
  switch (reason) {
    case 'deactivated':
    case 'timeout':
      return { resubscribe: true, delaySeconds: 0 };
    case 'probation':
    case 'giveup':
      return { resubscribe: true, delaySeconds: retryAfter ?? 0 };
    default:
      return { resubscribe: false };
  }
}
