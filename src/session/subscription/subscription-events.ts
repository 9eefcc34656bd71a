import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { NotifiedState } from './notified-state.js';
import type { SubscriptionCause } from './subscription-cause.js';

/**
 * Events of an outgoing subscription. A SUBSCRIBE answered with 300 or more emits `rejected` then
 * `failed`; one not answered at all `failed` alone. `terminated` comes once, last, whatever ended it.
 */
export interface OutgoingSubscriptionEvents {
  /** A 2xx to the initial SUBSCRIBE. */
  accepted: (response: SipResponse) => void;
  /** A NOTIFY of the subscription, answered 200; its Subscription-State read. */
  notify: (request: SipRequest, state: NotifiedState) => void;
  /** The initial SUBSCRIBE got a final response of 300 or more; `failed` follows. */
  rejected: (response: SipResponse) => void;
  /** The subscription was never set up: a final response of 300 or more, none at all, or no NOTIFY within Timer N. */
  failed: (response: SipResponse | undefined, cause: SubscriptionCause | undefined) => void;
  /** The subscription is over; exactly once per subscribe(). `message` is the NOTIFY or response that ended it. */
  terminated: (message: SipRequest | SipResponse | undefined, cause: SubscriptionCause | undefined) => void;
}
