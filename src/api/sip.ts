import { parseMessage, URI } from '../syntax/index.js';
import { Emitter } from '../transport/index.js';
import { C } from './constants/index.js';
import { ClientContext, InviteClientContext, InviteServerContext, MessageClientContext, MessageServerContext } from './contexts/index.js';
import { Exceptions } from './exceptions.js';
import { LegacyRequest, LegacyResponse, NameAddrHeader } from './legacy-message/index.js';
import { Subscription } from './subscription/index.js';
import { UA } from './ua.js';

/**
 * The legacy `SIP` namespace: `new SIP.UA(…)`, `SIP.URI`, `SIP.NameAddrHeader`, `SIP.C`, `SIP.Exceptions`,
 * the contexts, and `SIP.IncomingRequest`/`SIP.IncomingResponse`: the classes of the messages the API hands out.
 */
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
    Subscription,
    NameAddrHeader,
    IncomingRequest: LegacyRequest,
    IncomingResponse: LegacyResponse,
    parseMessage,
    version: C.VERSION,
  });
}

export const SIP = createSipNamespace(UA);
