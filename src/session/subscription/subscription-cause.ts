/**
 * Why a subscription failed or ended, by the name of its legacy `SIP.C.causes` entry (the api turns
 * it into the text): no answer (`REQUEST_TIMEOUT`, `CONNECTION_ERROR`), no NOTIFY within Timer N
 * (`REQUEST_TIMEOUT`), a granted lifetime that ran out without a refresh (`EXPIRES`), a 2xx that could
 * not make a dialog or a 481 to a refresh (`DIALOG_ERROR`), the notifier ending it (`REJECTED`, with
 * the Subscription-State reason alongside), the UA stopping (`CONNECTION_ERROR` is not used for that:
 * undefined, as for `unsubscribe()`).
 */
export type SubscriptionCause = 'CONNECTION_ERROR' | 'REQUEST_TIMEOUT' | 'EXPIRES' | 'DIALOG_ERROR' | 'REJECTED';
