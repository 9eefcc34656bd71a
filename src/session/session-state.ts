/**
 * Where an INVITE session is. A UAC goes null → invite-sent → 1xx-received (→ canceled) →
 * answered (the 2xx came; its answer is being applied or ours made) → confirmed; a UAS
 * waiting-for-answer → answered (our answer is being made) → waiting-for-ack → confirmed. Every
 * session ends terminated. The api maps these onto the legacy `SIP.Session.C` status numbers.
 */
export type SessionState =
  | 'null'
  | 'invite-sent'
  | '1xx-received'
  | 'canceled'
  | 'waiting-for-answer'
  | 'answered'
  | 'waiting-for-ack'
  | 'confirmed'
  | 'terminated';
