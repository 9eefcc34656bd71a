/**
 * Methods whose requests can establish a dialog, so that a 101–299 answer to them mirrors the
 * request's Record-Route (RFC 3261 §12.1.1): INVITE (RFC 3261 §12.1), SUBSCRIBE (RFC 6665 §4.2.1),
 * REFER (its implicit subscription, RFC 3515 §2.4.4 and RFC 7647) and NOTIFY (RFC 6665 §4.1.2: a
 * NOTIFY that arrives before the 2xx to SUBSCRIBE creates the subscriber's dialog, with the route
 * set its Record-Route gives).
 */
export const DIALOG_CREATING_METHODS: readonly string[] = ['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY'];
