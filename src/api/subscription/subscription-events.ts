import type { NotifiedState } from '../../session/index.js';
import type { Cause } from '../constants/index.js';
import type { LegacyRequest, LegacyResponse } from '../legacy-message/index.js';

/** What the `notify` event hands out: the legacy `{ request }`, and what the NOTIFY says, read. */
export interface SubscriptionNotification extends NotifiedState {
  request: LegacyRequest;
  /** The body as text ('' without one). */
  body: string;
  /** Its Content-Type (`type/subtype`, lower-cased), undefined without one. */
  contentType: string | undefined;
}

/**
 * Events of a `Subscription` (legacy). A SUBSCRIBE answered 300 or more emits `failed` then `rejected`
 * (legacy order); no answer, or no NOTIFY within Timer N, `failed` alone. `terminated` comes once per
 * subscription, last, whatever ended it (the legacy library had no such event).
 */
export interface SubscriptionEvents {
  /** A 2xx to the SUBSCRIBE, with its reason phrase (legacy arguments). */
  accepted: (response: LegacyResponse, cause: string) => void;
  notify: (notification: SubscriptionNotification) => void;
  rejected: (response: LegacyResponse | undefined, cause: Cause) => void;
  failed: (response: LegacyResponse | undefined, cause: Cause) => void;
  /** The subscription is over: the NOTIFY or response that ended it, and why (undefined after `unsubscribe()`). */
  terminated: (message: LegacyRequest | LegacyResponse | undefined, cause: Cause | undefined) => void;
}
