export { Subscription } from './subscription.js';
export type { SubscriptionOptions } from './subscription-options.js';
export type { SubscriptionEvents, SubscriptionNotification } from './subscription-events.js';
export { acceptFor } from './package-accept.js';
