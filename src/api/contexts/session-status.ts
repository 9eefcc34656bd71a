import type { SessionState } from '../../session/index.js';

/**
 * The legacy `SIP.Session.C` status values (SIP.js 0.7 Session.js), kept as numbers so that
 * `InvalidStateError(status)` and `context.status` read as they did. PRACK's (RFC 3262) and
 * EARLY_MEDIA are never reached: while reliable provisional responses and their PRACKs go, a callee
 * stays WAITING_FOR_ANSWER (ANSWERED once accepted) and a caller 1XX_RECEIVED, so that every
 * method allowed in those states stays allowed.
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

const STATUS_OF_STATE: Readonly<Record<SessionState, SessionStatusValue>> = {
  null: SessionStatus.STATUS_NULL,
  'invite-sent': SessionStatus.STATUS_INVITE_SENT,
  '1xx-received': SessionStatus.STATUS_1XX_RECEIVED,
  canceled: SessionStatus.STATUS_CANCELED,
  'waiting-for-answer': SessionStatus.STATUS_WAITING_FOR_ANSWER,
  answered: SessionStatus.STATUS_ANSWERED,
  'waiting-for-ack': SessionStatus.STATUS_WAITING_FOR_ACK,
  confirmed: SessionStatus.STATUS_CONFIRMED,
  terminated: SessionStatus.STATUS_TERMINATED,
};

/** The legacy status of a session in `state`. */
export function statusOf(state: SessionState): SessionStatusValue {
  return STATUS_OF_STATE[state];
}
