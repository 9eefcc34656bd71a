/** SIP method names as the legacy `SIP.C.INVITE` etc. constants. */
export const methods = Object.freeze({
  ACK: 'ACK',
  BYE: 'BYE',
  CANCEL: 'CANCEL',
  INFO: 'INFO',
  INVITE: 'INVITE',
  MESSAGE: 'MESSAGE',
  NOTIFY: 'NOTIFY',
  OPTIONS: 'OPTIONS',
  REGISTER: 'REGISTER',
  UPDATE: 'UPDATE',
  SUBSCRIBE: 'SUBSCRIBE',
  PUBLISH: 'PUBLISH',
  REFER: 'REFER',
  PRACK: 'PRACK',
} as const);

/**
 * Methods the legacy UA handles (legacy `UA.C.ALLOWED_METHODS`), advertised in Allow; no
 * PRACK, UPDATE or SUBSCRIBE, which it did not serve.
 */
export const ALLOWED_METHODS = Object.freeze(['ACK', 'CANCEL', 'INVITE', 'MESSAGE', 'BYE', 'OPTIONS', 'INFO', 'NOTIFY', 'REFER'] as const);

/** Body types the legacy UA accepts (legacy `UA.C.ACCEPTED_BODY_TYPES`), advertised in Accept. */
export const ACCEPTED_BODY_TYPES = Object.freeze(['application/sdp', 'application/dtmf-relay'] as const);

/** RFC 3261 §8.1.1.6: the recommended initial Max-Forwards (legacy `UA.C.MAX_FORWARDS`). */
export const MAX_FORWARDS = 70;
