import type { SipResponse } from '../../syntax/index.js';
import type { Cause } from '../constants/index.js';

/** Events of a `Registerer`, with the legacy `SIP.UA` arguments (a missing response or cause is `undefined`). */
export interface RegistererEvents {
  /** A 2xx to a REGISTER that keeps our binding (the first one and every refresh). */
  registered: (response: SipResponse) => void;
  /**
   * The binding is gone or no longer known to be held: an un-REGISTER ended (cause undefined on 2xx, else the
   * failure's cause), a refresh failed (its cause), the binding lapsed (`Expires`), or the transport went down
   * while registered (`Connection Error`).
   */
  unregistered: (response: SipResponse | undefined, cause: Cause | undefined) => void;
  /** A REGISTER ended without a binding: non-2xx final, timeout, transport error, or a 2xx without our binding. */
  registrationFailed: (response: SipResponse | undefined, cause: Cause) => void;
}
