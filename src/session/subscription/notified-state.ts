import { SipParseError, type SipRequest } from '../../syntax/index.js';

/** What a NOTIFY's Subscription-State says (RFC 6665 §8.2.3). */
export interface NotifiedState {
  /** `active`, `pending`, `terminated`, or an extension value, lower-cased. */
  state: string;
  /** Seconds the subscription has left (active, pending). */
  expires: number | undefined;
  /** Why it was terminated (RFC 6665 §4.1.3: deactivated, probation, rejected, timeout, giveup, noresource, invariant). */
  reason: string | undefined;
  /** Seconds to wait before subscribing again. */
  retryAfter: number | undefined;
}

/**
 * The Subscription-State of a NOTIFY (mandatory, RFC 6665 §8.2.3). A missing or malformed one is a
 * SipParseError naming the header, for the 400 the NOTIFY gets.
 */
export function notifiedStateOf(notify: SipRequest): NotifiedState {
  const header = notify.header('Subscription-State');
  if (header === undefined) {
    throw new SipParseError('a NOTIFY must carry Subscription-State (RFC 6665 §8.2.3)', { offset: 0, rule: 'SubscriptionState', header: 'Subscription-State' });
  }
  return { state: header.value.toLowerCase(), expires: seconds(header.expires), reason: header.reason?.toLowerCase(), retryAfter: seconds(header.retryAfter) };
}

/** RFC 6665 §8.4: delta-seconds are non-negative; any other number says nothing. */
function seconds(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
