import { Parameters, ReplacesHeader, SipParseError, type ReferToHeader, type SipRequest, type URI } from '../../syntax/index.js';
import { sipfragBody, SIPFRAG_CONTENT_TYPE } from './sipfrag.js';

/** How long the implicit subscription lasts, as our first NOTIFY says (RFC 3515 §2.4.4; long enough for Timer C). */
export const REFER_SUBSCRIPTION_SECONDS = 180;

/** How a NOTIFY of ours goes out in the session's dialog (the session builds and sends it). */
export type NotifySender = (headers: readonly string[], body: string, contentType: string) => void;

/**
 * A REFER the peer sent us in the session's dialog (RFC 3515), accepted with 202: what it asks — the
 * target (the Refer-To URI without its headers), the `Replaces` that URI carries (RFC 3891 §3, unescaped
 * and checked), the `Referred-By` (RFC 3892) — and the NOTIFYs of its implicit subscription, each a
 * `message/sipfrag` of the status line of the request we make (§2.4.5). The first (`100 Trying`) goes
 * on `accept`; a final status (200 or more) ends the subscription with `terminated;reason=noresource`
 * (RFC 6665 §4.2.2) and nothing is sent after it.
 */
export class IncomingRefer {
  readonly request: SipRequest;
  readonly referTo: ReferToHeader;
  /** The Refer-To URI without its headers: where the new request goes. */
  readonly target: URI;
  /** The `method` URI parameter (RFC 3515 §2.1); INVITE when absent. */
  readonly method: string;
  /** The Replaces header the new INVITE must carry (RFC 3891 §3), as a header value; undefined when none. */
  readonly replaces: string | undefined;
  /** The REFER's Referred-By value (RFC 3892 §3), copied into the new request; undefined when none. */
  readonly referredBy: string | undefined;
  private readonly send: NotifySender;
  private finished = false;

  /** Throws SipParseError when the REFER's Refer-To (or the Replaces in it) is not usable: the REFER gets 400. */
  constructor(request: SipRequest, send: NotifySender) {
    this.request = request;
    this.send = send;
    const all = request.headers('Refer-To');
    // RFC 3515 §2.4.1: exactly one Refer-To.
    if (all.length !== 1) throw new SipParseError('a REFER carries exactly one Refer-To (RFC 3515 §2.4.1)', { offset: 0, rule: 'ReferTo', header: 'Refer-To' });
    this.referTo = all[0]!;
    const target = this.referTo.uri.clone();
    this.replaces = replacesOf(target);
    target.headers = new Parameters();
    this.method = (target.method ?? 'INVITE').toUpperCase();
    target.params.delete('method');
    this.target = target;
    this.referredBy = request.rawHeader('Referred-By');
  }

  /** The subscription ended (a final status was reported, or the session ended). */
  get done(): boolean {
    return this.finished;
  }

  /** RFC 3515 §2.4.4: right after the 202, a NOTIFY saying the request is being tried. */
  accept(): void {
    this.notify(100, 'Trying');
  }

  /**
   * Report the status of the request we made: `active` while it is provisional, `terminated;reason=noresource`
   * with a final one (RFC 3515 §2.4.7). Nothing once the subscription is over.
   */
  notify(status: number, reason: string): void {
    if (this.finished) return;
    const body = sipfragBody(status, reason);
    const final = status >= 200;
    if (final) this.finished = true;
    const state = final ? 'terminated;reason=noresource' : `active;expires=${REFER_SUBSCRIPTION_SECONDS}`;
    this.send([`Event: refer;id=${this.request.cseq.seq}`, `Subscription-State: ${state}`], body, SIPFRAG_CONTENT_TYPE);
  }

  /** The session ended: no NOTIFY can go any more. */
  stop(): void {
    this.finished = true;
  }
}

/**
 * The Replaces URI header of a Refer-To (RFC 3261 §19.1.5: an escaped hvalue), unescaped and parsed, so that
 * a value that is no Replaces (or would break the header line) never reaches the new request.
 */
function replacesOf(target: URI): string | undefined {
  const raw = target.headers.get('Replaces');
  if (raw === undefined || raw === null) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new SipParseError('the Replaces of the Refer-To is not escaped properly', { offset: 0, rule: 'Replaces', header: 'Refer-To' });
  }
  const replaces = ReplacesHeader.parse(value)[0]!;
  if (replaces.toTag === undefined || replaces.fromTag === undefined) {
    throw new SipParseError('a Replaces names the dialog with to-tag and from-tag (RFC 3891 §6.1)', { offset: 0, rule: 'Replaces', header: 'Refer-To' });
  }
  return replaces.toString();
}
