import type { Dialog } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { SessionDescription } from '../session-description-handler.js';
import { reliableRSeq } from './rel100.js';

/** How a provisional response stands with RFC 3262 §4. */
export type ProvisionalVerdict =
  /** Not reliable (or this UA does not use 100rel): handled as RFC 3261 has it. */
  | { kind: 'unreliable' }
  /** The next reliable one of its dialog: processed once, and acknowledged with a PRACK. */
  | { kind: 'reliable'; rseq: number }
  /** A retransmission, or out of order (a gap): no PRACK, and not processed further. */
  | { kind: 'ignored'; rseq: number };

/**
 * The UAC side of RFC 3262 §4: per early dialog (each fork has its own RSeq space), the RSeq of the
 * last reliable provisional response taken. The first one is taken whatever its RSeq; after it only
 * the next number is: a repeated one is a retransmission, a higher one leaves a gap — neither is
 * acknowledged nor processed (the UAS sends it again). Each taken one gets a PRACK in its early
 * dialog (route set and remote target of the dialog, CSeq one higher) with
 * `RAck: <RSeq> <CSeq number> <method>` of the response.
 */
export class PrackClient {
  private readonly lastRSeq = new Map<string, number>();

  constructor(private readonly send: (prack: SipRequest, onFinal?: (response: SipResponse) => void) => void) {}

  classify(dialog: Dialog, response: SipResponse): ProvisionalVerdict {
    const rseq = reliableRSeq(response);
    if (rseq === undefined) return { kind: 'unreliable' };
    const last = this.lastRSeq.get(dialog.key);
    if (last !== undefined && rseq !== last + 1) return { kind: 'ignored', rseq };
    this.lastRSeq.set(dialog.key, rseq);
    return { kind: 'reliable', rseq };
  }

  /**
   * Acknowledge `response` (taken as reliable with `rseq`) in `dialog`, with our answer when its offer asked
   * for one (§5); `onFinal` hears the PRACK's final response.
   */
  prack(dialog: Dialog, response: SipResponse, rseq: number, answer?: SessionDescription, onFinal?: (response: SipResponse) => void): SipRequest | undefined {
    if (dialog.state === 'terminated') return undefined;
    const { cseq } = response;
    const prack = dialog.createRequest('PRACK', {
      extraHeaders: [`RAck: ${rseq} ${cseq.seq} ${cseq.method}`],
      ...(answer === undefined ? {} : { body: answer.body, contentType: answer.contentType }),
    });
    this.send(prack, onFinal);
    return prack;
  }
}
