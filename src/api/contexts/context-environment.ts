import type { RequestSender } from '../../core/index.js';
import type { SessionEnvironment } from '../../session/index.js';
import type { URI } from '../../syntax/index.js';
import type { UA } from '../ua.js';

/** What a context sending a request outside a dialog needs from its UA. */
export interface ClientContextEnvironment {
  sender: RequestSender;
  /** The UA the context belongs to (legacy `context.ua`); absent for a context built on a bare core. */
  ua?: UA | undefined;
}

/**
 * What an `InviteClientContext` needs besides: what its session needs (the core for ACK and CANCEL, the
 * dialogs, the UA's media defaults …), and the UA's own address for an anonymous call's P-Preferred-Identity.
 */
export interface InviteClientContextEnvironment extends ClientContextEnvironment, SessionEnvironment {
  identity?: { uri: URI; displayName?: string | undefined } | undefined;
  /** Legacy `replaces`: 'required' puts `Require: replaces` in every INVITE (RFC 3891 §6.2). */
  replaces?: 'none' | 'supported' | 'required' | undefined;
}
