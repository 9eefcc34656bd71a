export { ClientContext } from './client-context.js';
export type { ClientContextOptions } from './client-context.js';
export { MessageClientContext } from './message-client-context.js';
export type { MessageClientContextOptions } from './message-client-context.js';
export { SessionContext } from './session-context.js';
export type { ReferOptions, SendRequestOptions } from './session-context.js';
export { ReferServerContext } from './refer-server-context.js';
// The status a transfer's NOTIFY reports (the `notify`, `referProgress`, `referAccepted`, `referRejected` events).
export type { SipfragStatus } from '../../session/index.js';
export { InviteClientContext } from './invite-client-context.js';
export type { InviteClientContextOptions, InviteParams } from './invite-client-context.js';
export type { ByeOptions } from './bye-options.js';
export { MessageServerContext } from './message-server-context.js';
export { InviteServerContext } from './invite-server-context.js';
export type { AcceptOptions, InviteServerContextEnvironment, ProgressOptions } from './invite-server-context.js';
export type { ClientContextEnvironment, InviteClientContextEnvironment } from './context-environment.js';
export type {
  ClientContextEvents,
  InviteClientContextEvents,
  ServerContextEvents,
  InviteServerContextEvents,
  SessionEvents,
  ReceivedDtmf,
} from './context-events.js';
export type { CallMediaOptions, LegacyMediaOptions, MediaConstraintsInput, MediaElementOption, MediaKindConstraint } from './call-media-options.js';
export type { ReplyOptions } from './reply-options.js';
export type { CancelOptions } from './cancel-reason.js';
export type { TerminateOptions } from './terminate-options.js';
export { SessionStatus, statusOf } from './session-status.js';
export type { SessionStatusValue } from './session-status.js';
