import { REASON_PHRASES } from '../../core/uas/reason-phrases.js';
import { causes } from './causes.js';
import { methods } from './methods.js';
import { OPTION_TAGS, supported } from './option-tags.js';
import { SIP_ERROR_CAUSES, statusToCause } from './sip-error-causes.js';
import { USER_AGENT, VERSION } from './user-agent.js';

/**
 * `SIP.C`, shaped like the legacy object: `C.causes.BUSY`, `C.SIP_ERROR_CAUSES`, `C.supported`,
 * `C.OPTION_TAGS`, `C.REASON_PHRASE[486]`, `C.INVITE`, `C.USER_AGENT`, plus `statusToCause`.
 * Legacy `OPTION_TAGS` was an object of `tag: true`; here it is a ReadonlySet (`has(tag)`).
 */
export const C = Object.freeze({
  USER_AGENT,
  VERSION,
  SIP: 'sip',
  SIPS: 'sips',
  causes,
  supported,
  SIP_ERROR_CAUSES,
  statusToCause,
  OPTION_TAGS,
  /** Default reason phrases by status code (the ones the core answers with). */
  REASON_PHRASE: Object.freeze({ ...REASON_PHRASES }) as Readonly<Record<number, string>>,
  ...methods,
} as const);
