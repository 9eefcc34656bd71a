import type { IncomingRequest, UserAgentCore } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import { OneShotTimer } from '../one-shot-timer.js';
import type { SessionCause } from '../session-cause.js';
import { notifiedStateOf } from '../subscription/notified-state.js';
import { readSipfragStatus, type SipfragStatus } from './sipfrag.js';

/** Events of a REFER we sent and of the implicit subscription it made (RFC 3515 §2.4.4). */
export interface OutgoingReferEvents {
  /** A 2xx to the REFER (202 as a rule): the peer will try the target (legacy `referRequestAccepted`). */
  accepted: (response: SipResponse) => void;
  /** A final response of 300 or more: the peer will not (legacy `referRequestRejected`); `terminated` follows. */
  rejected: (response: SipResponse) => void;
  /** No final response came (timeout, transport); `terminated` follows. */
  failed: (cause: SessionCause) => void;
  /** Each NOTIFY of the subscription, with the status line of its sipfrag (undefined when the body had none). */
  notify: (request: SipRequest, status: SipfragStatus | undefined) => void;
  /** A provisional status of the referred request (legacy `referProgress`). */
  progress: (status: SipfragStatus) => void;
  /** The referred request succeeded: a 2xx sipfrag (legacy `referAccepted`). */
  referAccepted: (status: SipfragStatus) => void;
  /** The referred request failed: a sipfrag of 300 or more (legacy `referRejected`). */
  referRejected: (status: SipfragStatus) => void;
  /** The subscription is over: `Subscription-State: terminated`, a rejection, the session's end, or no NOTIFY in time. */
  terminated: () => void;
}

/**
 * A REFER we sent in a session's dialog and its implicit subscription (RFC 3515 §2.4.4, RFC 6665). The
 * peer's NOTIFYs (`Event: refer`, `message/sipfrag` bodies) come to the session, which hands them here:
 * each is answered 200 and reported with the status line it carries; a final status emits `referAccepted`
 * or `referRejected`; `Subscription-State: terminated` ends the subscription. Without a NOTIFY within
 * 64·T1 of the 2xx (RFC 6665 §4.1.2.4, Timer N), or after the lifetime the last NOTIFY gave, it ends too,
 * so that nothing lingers.
 */
export class OutgoingRefer extends Emitter<OutgoingReferEvents> {
  /** The REFER as first built; `cseqs` holds its authenticated retries' numbers too. */
  readonly request: SipRequest;
  private readonly cseqs = new Set<number>();
  private readonly core: UserAgentCore;
  private readonly expiry: OneShotTimer;
  private notified = false;
  private over = false;

  constructor(core: UserAgentCore, request: SipRequest) {
    super();
    this.core = core;
    this.request = request;
    this.cseqs.add(request.cseq.seq);
    this.expiry = new OneShotTimer(core.transactions.clock);
  }

  /** Whether the subscription is over. */
  get terminated(): boolean {
    return this.over;
  }

  /**
   * RFC 3515 §2.4.6: the `id` of a NOTIFY's Event header is the CSeq number of the REFER it reports on
   * (of the one that went, when a challenge made us send it again).
   */
  matches(id: string): boolean {
    return /^\d{1,10}$/.test(id) && this.cseqs.has(Number(id));
  }

  /** The final response to the REFER (or its authenticated retry). */
  receiveResponse(response: SipResponse): void {
    if (this.over) return;
    this.cseqs.add(response.cseq.seq);
    if (response.status >= 300) {
      this.emit('rejected', response);
      this.end();
      return;
    }
    this.emit('accepted', response);
    if (!this.notified) this.expiry.start(this.core.transactions.timers.timerB, () => this.end());
  }

  /** The REFER got no final response. */
  fail(cause: SessionCause): void {
    if (this.over) return;
    this.emit('failed', cause);
    this.end();
  }

  /** A NOTIFY of this subscription (the session matched its dialog and Event); answered here. */
  receiveNotify(incoming: IncomingRequest): void {
    const { request } = incoming;
    let state;
    try {
      state = notifiedStateOf(request);
    } catch {
      // RFC 6665 §8.2.3: Subscription-State is mandatory in a NOTIFY.
      this.core.respond(incoming, 400, { reason: 'Bad Request (no usable Subscription-State)' });
      return;
    }
    this.core.respond(incoming, 200);
    if (this.over) return;
    this.notified = true;
    const status = readSipfragStatus(request.bodyText);
    this.emit('notify', request, status);
    if (status !== undefined) {
      if (status.status < 200) this.emit('progress', status);
      else if (status.status < 300) this.emit('referAccepted', status);
      else this.emit('referRejected', status);
    }
    if (state.state === 'terminated') this.end();
    else if (state.expires !== undefined) this.expiry.start(state.expires * 1000, () => this.end());
    else this.expiry.clear();
  }

  /** The session ended: no NOTIFY can come any more. */
  end(): void {
    if (this.over) return;
    this.over = true;
    this.expiry.clear();
    this.emit('terminated');
  }
}
