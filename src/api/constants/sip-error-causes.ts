import { causes, type Cause } from './causes.js';

/**
 * Which final status codes map to which cause (legacy `SIP.C.SIP_ERROR_CAUSES`). Any other
 * final status of 300 or more is `SIP_FAILURE_CODE`; 3xx codes not listed here still count as
 * REDIRECTED in `statusToCause` (the contract's "3xx REDIRECTED").
 */
export const SIP_ERROR_CAUSES = Object.freeze({
  REDIRECTED: Object.freeze([300, 301, 302, 305, 380]),
  BUSY: Object.freeze([486, 600]),
  REJECTED: Object.freeze([403, 603]),
  NOT_FOUND: Object.freeze([404, 604]),
  UNAVAILABLE: Object.freeze([480, 410, 408, 430]),
  ADDRESS_INCOMPLETE: Object.freeze([484]),
  INCOMPATIBLE_SDP: Object.freeze([488, 606]),
  AUTHENTICATION_ERROR: Object.freeze([401, 407]),
} as const);

const CAUSE_BY_STATUS: ReadonlyMap<number, Cause> = new Map(
  (Object.entries(SIP_ERROR_CAUSES) as Array<[keyof typeof SIP_ERROR_CAUSES, readonly number[]]>).flatMap(([name, codes]) =>
    codes.map((code): [number, Cause] => [code, causes[name]]),
  ),
);

/**
 * The cause reported for a final response `status` (≥ 300): the SIP_ERROR_CAUSES entry, any
 * other 3xx as REDIRECTED, everything else SIP_FAILURE_CODE. (A 2xx is not a failure; callers
 * only ask for non-2xx finals, and get SIP_FAILURE_CODE for anything unexpected.)
 */
export function statusToCause(status: number): Cause {
  const listed = CAUSE_BY_STATUS.get(status);
  if (listed !== undefined) return listed;
  if (status >= 300 && status < 400) return causes.REDIRECTED;
  return causes.SIP_FAILURE_CODE;
}
