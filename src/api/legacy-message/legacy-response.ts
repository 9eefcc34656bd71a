import type { SipResponse } from '../../syntax/index.js';
import { LegacyMessage } from './legacy-message.js';

/**
 * A response as the legacy API hands it out (legacy `SIP.IncomingResponse`): `status_code`,
 * `reason_phrase`, `method` (from CSeq), and the fields of every LegacyMessage; `status` and `reason`
 * as the typed SipResponse names them. `LegacyResponse.of(response)` gives one view per response.
 */
export class LegacyResponse extends LegacyMessage<SipResponse> {
  static of(response: SipResponse): LegacyResponse {
    const kept = response.view;
    if (kept instanceof LegacyResponse) return kept;
    const view = new LegacyResponse(response);
    response.view = view;
    return view;
  }

  /** The method of the request answered: CSeq's (legacy). */
  get method(): string {
    return this.message.cseq.method;
  }

  get status_code(): number {
    return this.message.status;
  }

  get reason_phrase(): string {
    return this.message.reason;
  }

  get status(): number {
    return this.message.status;
  }

  get reason(): string {
    return this.message.reason;
  }
}
