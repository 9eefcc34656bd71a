import type { IncomingRequest, UserAgentCore } from '../../core/index.js';
import { pendingInviteRetryAfter, type RandomSource } from '../reinvite/glare-delay.js';

/**
 * The peer's UPDATE in an early dialog (RFC 3311 §5.1, §5.2) before the initial offer/answer completed
 * in it (without 100rel it cannot; with it, not before the reliable 1xx with the answer and its PRACK —
 * then UpdateExchange takes the UPDATE): one with a body is an offer during an incomplete exchange, 491
 * when the pending offer is ours (we sent it in the INVITE), else 500 with Retry-After; an UPDATE
 * without a body only refreshes the target and is answered 200 with our Contact.
 */
export function answerEarlyUpdate(core: UserAgentCore, incoming: IncomingRequest, localContact: string, ourOfferPending: boolean, random: RandomSource): void {
  if (incoming.request.body.length === 0) {
    core.respond(incoming, 200, { headers: [['Contact', localContact]] });
    return;
  }
  if (ourOfferPending) core.respond(incoming, 491);
  else core.respond(incoming, 500, { headers: [['Retry-After', String(pendingInviteRetryAfter(random))]] });
}
