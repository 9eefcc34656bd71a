import type { SessionCause } from '../../session/index.js';
import type { SipMessage } from '../../syntax/index.js';
import { C, statusToCause, type Cause } from '../constants/index.js';

const VALUES: ReadonlySet<string> = new Set(Object.values(C.causes));

/**
 * The legacy cause (`SIP.C.causes` text) of a session's cause name: the table's value for one of its
 * names; a media handler's cause passed as a value already, as it is; anything else WEBRTC_ERROR.
 * Without a cause, the one a final response's status maps to (SIP_ERROR_CAUSES), else none.
 */
export function legacyCause(cause: SessionCause | undefined, message: SipMessage | undefined): Cause | undefined {
  if (cause === undefined) {
    return message !== undefined && 'status' in message && typeof message.status === 'number' && message.status >= 300 ? statusToCause(message.status) : undefined;
  }
  if (Object.hasOwn(C.causes, cause)) return C.causes[cause as keyof typeof C.causes];
  if (VALUES.has(cause)) return cause as Cause;
  return C.causes.WEBRTC_ERROR;
}
