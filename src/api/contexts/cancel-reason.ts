import { quoteString } from '../../syntax/index.js';
import { reasonPhrase, refuseLineBreaks } from '../../core/index.js';

/** Options of `cancel()`, camelCase or the legacy snake_case (camelCase wins). */
export interface CancelOptions {
  statusCode?: number | undefined;
  reasonPhrase?: string | undefined;
  status_code?: number | undefined;
  reason_phrase?: string | undefined;
  extraHeaders?: readonly string[] | undefined;
}

/**
 * The Reason header line a CANCEL carries when the application names a status (RFC 3326 §2; legacy
 * `Utils.getCancelReason`: a code from 200 to 699, its text defaulting to the standard phrase). Undefined
 * without a status. Throws TypeError for an out-of-range code or a phrase with a line break.
 */
export function cancelReasonLine(options: CancelOptions): string | undefined {
  const code = options.statusCode ?? options.status_code;
  if (code === undefined) return undefined;
  if (!Number.isInteger(code) || code < 200 || code > 699) throw new TypeError(`statusCode must be an integer from 200 to 699: ${String(code)}`);
  const text = options.reasonPhrase ?? options.reason_phrase ?? reasonPhrase(code);
  refuseLineBreaks('reasonPhrase', text);
  return `Reason: SIP;cause=${code};text=${quoteString(text)}`;
}
