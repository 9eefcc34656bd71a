import { parseMessage, SipRequest, SipResponse, URI } from '../syntax/index.js';
import { Emitter } from '../transport/index.js';
import { C } from './constants/index.js';
import { ClientContext, InviteClientContext, InviteServerContext, MessageClientContext, MessageServerContext } from './contexts/index.js';
import { Exceptions } from './exceptions.js';
import { UA } from './ua.js';

/** The legacy `SIP` namespace: `new SIP.UA(…)`, `SIP.URI`, `SIP.C`, `SIP.Exceptions`, the contexts. */
export function createSipNamespace(ua: typeof UA) {
  return Object.freeze({
    UA: ua,
    URI,
    C,
    Exceptions,
    EventEmitter: Emitter,
    ClientContext,
    MessageClientContext,
    InviteClientContext,
    MessageServerContext,
    InviteServerContext,
    IncomingRequest: SipRequest,
    IncomingResponse: SipResponse,
    parseMessage,
    version: C.VERSION,
  });
}

export const SIP = createSipNamespace(UA);
