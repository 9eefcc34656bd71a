import type { SipRequest, URI } from '../../syntax/index.js';
import { LegacyMessage } from './legacy-message.js';

/**
 * A request as the legacy API hands it out (legacy `SIP.IncomingRequest`, and the `request` of a context):
 * `ruri`, `method`, and the fields of every LegacyMessage. `LegacyRequest.of(request)` gives one view per
 * request, so a listener sees the same object each time.
 */
export class LegacyRequest extends LegacyMessage<SipRequest> {
  static of(request: SipRequest): LegacyRequest {
    const kept = request.view;
    if (kept instanceof LegacyRequest) return kept;
    const view = new LegacyRequest(request);
    request.view = view;
    return view;
  }

  get method(): string {
    return this.message.method;
  }

  /** The Request-URI (legacy name). */
  get ruri(): URI {
    return this.message.uri;
  }

  /** The Request-URI (typed name). */
  get uri(): URI {
    return this.message.uri;
  }
}
