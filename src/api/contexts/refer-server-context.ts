import type { IncomingRefer, SessionCause } from '../../session/index.js';
import type { URI } from '../../syntax/index.js';
import { LegacyRequest } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import type { InviteClientContext, InviteClientContextOptions } from './invite-client-context.js';

/** The causes of a call that failed without a final response, as the status a NOTIFY reports (RFC 3515 §2.4.5). */
function statusOfCause(cause: SessionCause | undefined): [number, string] {
  return cause === 'REQUEST_TIMEOUT' || cause === 'NO_ANSWER' ? [408, 'Request Timeout'] : [503, 'Service Unavailable'];
}

/**
 * A REFER the peer sent in a call (the second argument of the session's `refer` event): already answered
 * 202, its `100 Trying` NOTIFY sent (RFC 3515 §2.4.4). `followRefer()` calls the Refer-To target — with
 * the Replaces its URI carries (RFC 3891, attended transfer) and the REFER's Referred-By (RFC 3892) — and
 * reports that call's progress and final status to the referrer in sipfrag NOTIFYs, the last one ending
 * the subscription. An application that reaches the target some other way reports with `notify()`.
 */
export class ReferServerContext {
  /** The REFER (legacy view; the typed one is `request.message`). */
  readonly request: LegacyRequest;
  readonly refer: IncomingRefer;
  private readonly ua: UA | undefined;
  private call: InviteClientContext | undefined;

  constructor(refer: IncomingRefer, ua: UA | undefined) {
    this.refer = refer;
    this.request = LegacyRequest.of(refer.request);
    this.ua = ua;
  }

  /** Where the REFER sends us: the Refer-To URI without its headers. */
  get target(): URI {
    return this.refer.target;
  }

  /** The Replaces the Refer-To carries (attended transfer), as a header value; undefined for a blind transfer. */
  get replaces(): string | undefined {
    return this.refer.replaces;
  }

  get referredBy(): string | undefined {
    return this.refer.referredBy;
  }

  /** The call `followRefer()` made. */
  get followed(): InviteClientContext | undefined {
    return this.call;
  }

  /**
   * Call the target (once): an INVITE to it through the UA, with `Replaces` and `Require: replaces` when the
   * Refer-To asked for a replacement, and `Referred-By`. Each provisional status above 100 and the final one
   * of that call go to the referrer as NOTIFYs. Throws for a REFER whose `method` is not INVITE (NOTIFY 501),
   * a target the UA cannot call (NOTIFY 603), or without a UA.
   */
  followRefer(options: InviteClientContextOptions = {}): InviteClientContext {
    if (this.call !== undefined) return this.call;
    const ua = this.ua;
    if (ua === undefined) throw new Error('followRefer needs the UA the call belongs to');
    const refer = this.refer;
    if (refer.method !== 'INVITE') {
      // RFC 3515 §2.4.5: the referrer learns the outcome from the NOTIFY, here that nothing was tried.
      refer.notify(501, 'Not Implemented');
      throw new TypeError(`the REFER asks for a ${refer.method}: only INVITE is followed`);
    }
    const extraHeaders = [...(options.extraHeaders ?? [])];
    if (refer.replaces !== undefined) extraHeaders.push(`Replaces: ${refer.replaces}`, 'Require: replaces');
    if (refer.referredBy !== undefined) extraHeaders.push(`Referred-By: ${refer.referredBy}`);
    const displayName = refer.referTo.displayName;
    const params = displayName === undefined ? options.params : { to_displayName: displayName, ...options.params };
    let call: InviteClientContext;
    try {
      call = ua.invite(refer.target, { ...options, extraHeaders, params });
    } catch (error) {
      // A target or options the UA refuses (or a UA that stopped): the referrer hears it was declined.
      refer.notify(603, 'Declined');
      throw error;
    }
    this.call = call;
    const session = call.session;
    session.on('progress', (response) => {
      if (response.status > 100) refer.notify(response.status, response.reason);
    });
    session.on('accepted', (response) => refer.notify(response.status, response.reason));
    session.on('rejected', (response) => refer.notify(response.status, response.reason));
    session.on('failed', (response, cause) => {
      if (response !== undefined && response.status >= 300) refer.notify(response.status, response.reason);
      else refer.notify(...statusOfCause(cause));
    });
    return call;
  }

  /** Report a status of the referred request ourselves (1xx keeps the subscription, 200 or more ends it). */
  notify(status: number, reason: string): void {
    this.refer.notify(status, reason);
  }
}
