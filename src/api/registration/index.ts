export { Registerer } from './registerer.js';
export type { RegistererOptions, RegisterOptions, UnregisterOptions } from './registerer-options.js';
export type { RegistererEvents } from './registerer-events.js';
export { RegistrationBinding, registrationContact, registrationContactInput } from './registration-contact.js';
export type { RegistrationContactOptions } from './registration-contact.js';
export { findBinding, grantedExpires, minExpires } from './binding-in-response.js';
export { refreshDelayMs, expiryDelayMs } from './refresh-schedule.js';
