export { UA } from './ua.js';
export type { UAServices, UASession } from './ua.js';
export type { UAEvents } from './ua-events.js';
export { SIP, createSipNamespace } from './sip.js';
export type { LegacyLogger } from './api-logger.js';
export { ConnectionTransport } from './connection-transport.js';
export { normalizeTarget } from './target.js';
export * from './constants/index.js';
export * from './exceptions.js';
export * from './configuration/index.js';
export type * from './configuration/ua-configuration-input.js';
export * from './contexts/index.js';
export * from './legacy-message/index.js';
export * from './registration/index.js';
export { AuthenticatingRequestSender } from './authenticating-request-sender.js';
export type { AuthenticatingRequestSenderOptions } from './authenticating-request-sender.js';

