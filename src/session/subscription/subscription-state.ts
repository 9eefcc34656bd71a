/**
 * The subscriber's states (RFC 6665 §4.1.2, the legacy `Subscription.state` values): `init` before the
 * SUBSCRIBE goes (and while a re-subscription waits for its Retry-After), `notify_wait` until the first
 * NOTIFY, `pending` / `active` as the notifier's Subscription-State says, `terminated` at the end.
 */
export type SubscriptionState = 'init' | 'notify_wait' | 'pending' | 'active' | 'terminated';
