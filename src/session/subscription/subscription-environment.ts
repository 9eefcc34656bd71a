import type { CoreLogger, DialogOptions, RequestSender, UserAgentCore } from '../../core/index.js';
import type { DialogRouter } from '../dialog-router.js';
import type { OutgoingSubscriptions } from './outgoing-subscriptions.js';

/** What a subscription needs from its UA. */
export interface SubscriptionEnvironment {
  /** Answers the NOTIFYs; its transaction layer's clock and T1 time the subscription. */
  core: UserAgentCore;
  /** Sends the SUBSCRIBEs to the connected server, answering digest challenges. */
  sender: RequestSender;
  /** How the dialog builds its requests: transport descriptor, User-Agent, ids. */
  dialog: Omit<DialogOptions, 'localContact' | 'targetRefreshMethods'>;
  /** Where the dialog is kept, so that the NOTIFYs in it come back to the subscription. */
  dialogs: DialogRouter;
  /** The UA's subscriptions: a NOTIFY that comes before the 2xx finds its subscription there. */
  subscriptions: OutgoingSubscriptions;
  logger?: CoreLogger | undefined;
}
