// The session layer (DESIGN.md): INVITE sessions, offer/answer and the media handler interface.
// Media implementations are not exported here: `session/media/webrtc` from the browser entry,
// `session/media/rtp` from `sipforge/node` only.
export { IncompatibleDescriptionError } from './session-description-handler.js';
export type {
  DescriptionModifiers,
  DtmfOptions,
  MediaKinds,
  SessionDescription,
  SessionDescriptionHandler,
  SessionDescriptionHandlerEvents,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerOptions,
  SetDescriptionOptions,
} from './session-description-handler.js';
export { answerDirection, directionOf, holdsCall, offerDirection } from './sdp/direction.js';
export type { MediaDirection } from './sdp/direction.js';
export { peerHolds } from './sdp/peer-holds.js';
export { descriptionOf, SDP_CONTENT_TYPE } from './sdp/description-of.js';
export { DialogRouter } from './dialog-router.js';
export type { DialogUser } from './dialog-router.js';
export { InviteSession } from './invite-session.js';
export { InviteClientSession } from './uac/invite-client-session.js';
export type { OutgoingInvite } from './uac/outgoing-invite.js';
export { InviteServerSession, DEFAULT_NO_ANSWER_TIMEOUT_MS } from './uas/invite-server-session.js';
export type { InviteServerSessionOptions } from './uas/invite-server-session.js';
export type { SessionEnvironment, SessionMedia, DtmfType } from './session-environment.js';
export type { SessionState } from './session-state.js';
export type { SessionCause } from './session-cause.js';
export type { InviteSessionEvents, MediaKindFlags, Originator } from './session-events.js';
export type { SessionRequestOptions } from './in-dialog-request-options.js';
export { dtmfPlan, DTMF_PAUSE_MS } from './dtmf/dtmf-options.js';
export type { DtmfPlan, DtmfSendOptions } from './dtmf/dtmf-options.js';
export { DTMF_RELAY_CONTENT_TYPE, dtmfRelayBody, readDtmfRelay } from './dtmf/dtmf-relay.js';
export type { DtmfDigit } from './dtmf/dtmf-relay.js';
export { glareRetryDelay, pendingInviteRetryAfter } from './reinvite/glare-delay.js';
export type { RandomSource } from './reinvite/glare-delay.js';
export * from './subscription/index.js';
export { SessionTimer } from './timers/session-timer.js';
export type { SessionTimerActions, SessionTimerVerdict } from './timers/session-timer.js';
export { MIN_SESSION_EXPIRES_FLOOR, RECOMMENDED_SESSION_EXPIRES } from './timers/session-timer-settings.js';
export type { SessionTimerSettings } from './timers/session-timer-settings.js';
export { UpdateExchange } from './update/update-exchange.js';
export type { UpdateOptions } from './update/update-exchange.js';
export { PrackClient } from './prack/prack-client.js';
export type { ProvisionalVerdict } from './prack/prack-client.js';
export { ReliableProvisionalSender } from './prack/reliable-provisional-sender.js';
export { REL100_TAG, lacks100rel, lists100rel, reliableRSeq, sendsReliably } from './prack/rel100.js';
export type { Rel100 } from './prack/rel100.js';
export { initialRSeq, MAX_RSEQ } from './prack/rseq.js';
export { OutgoingRefer } from './refer/outgoing-refer.js';
export type { OutgoingReferEvents } from './refer/outgoing-refer.js';
export { IncomingRefer, REFER_SUBSCRIPTION_SECONDS } from './refer/incoming-refer.js';
export type { NotifySender } from './refer/incoming-refer.js';
export type { ReferOptions } from './refer/session-transfers.js';
export { blindReferTo, replacingReferTo } from './refer/refer-to.js';
export { readSipfragStatus, sipfragBody, SIPFRAG_CONTENT_TYPE } from './refer/sipfrag.js';
export type { SipfragStatus } from './refer/sipfrag.js';
export { replacesVerdict } from './replaces/replaces-verdict.js';
export type { ReplacesVerdict } from './replaces/replaces-verdict.js';
