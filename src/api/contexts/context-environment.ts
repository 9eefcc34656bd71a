import type { DialogOptions, UserAgentCore } from '../../core/index.js';
import type { Peer } from '../../transport/index.js';
import type { DialogRouter } from '../dialog-router.js';
import type { RequestSender } from '../request-sender.js';
import type { UA } from '../ua.js';

/** What a context sending a request outside a dialog needs from its UA. */
export interface ClientContextEnvironment {
  sender: RequestSender;
  /** The UA the context belongs to (legacy `context.ua`); absent for a context built on a bare core. */
  ua?: UA | undefined;
}

/** What an `InviteClientContext` needs besides: the core for ACKs and dialogs, and how in-dialog requests are built. */
export interface InviteClientContextEnvironment extends ClientContextEnvironment {
  core: UserAgentCore;
  /** The connected server, where ACK and CANCEL go (they are not sent through the RequestSender). */
  destination: () => Peer;
  /** How the dialog builds ACK and BYE: transport descriptor, User-Agent, ids. Its local Contact is the INVITE's. */
  dialog: Omit<DialogOptions, 'localContact'>;
  /** Where the dialog is kept once a 2xx came, so that a BYE from the callee comes back here. */
  dialogs: DialogRouter;
}
