/**
 * The legacy `SIP.Session.C` status values (SIP.js 0.7 Session.js), kept as numbers so that
 * `InvalidStateError(status)` and `context.status` read as they did. The INVITE contexts use the
 * subset reachable without media; the session issue adds the rest of the transitions.
 */
export const SessionStatus = Object.freeze({
  STATUS_NULL: 0,
  STATUS_INVITE_SENT: 1,
  STATUS_1XX_RECEIVED: 2,
  STATUS_INVITE_RECEIVED: 3,
  STATUS_WAITING_FOR_ANSWER: 4,
  STATUS_ANSWERED: 5,
  STATUS_WAITING_FOR_PRACK: 6,
  STATUS_WAITING_FOR_ACK: 7,
  STATUS_CANCELED: 8,
  STATUS_TERMINATED: 9,
  STATUS_ANSWERED_WAITING_FOR_PRACK: 10,
  STATUS_EARLY_MEDIA: 11,
  STATUS_CONFIRMED: 12,
} as const);

export type SessionStatusValue = (typeof SessionStatus)[keyof typeof SessionStatus];
