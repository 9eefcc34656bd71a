import { ACCEPTED_BODY_TYPES, ALLOWED_METHODS, MAX_FORWARDS } from './methods.js';
import { UA_ERROR, UA_STATUS } from './ua-status.js';

/**
 * Characters in the From and To tags the UA generates (legacy `UA.C.TAG_LENGTH`, 10 there): 96 random
 * bits as hex (core `newTag`), well above the 32 bits RFC 3261 §19.3 asks for.
 */
export const TAG_LENGTH = 24;

/** The legacy `SIP.UA.C` (also `ua.C`): status and error codes, the methods and body types the UA takes, Max-Forwards, tag length. */
export const UA_C = Object.freeze({
  ...UA_STATUS,
  ...UA_ERROR,
  ALLOWED_METHODS,
  ACCEPTED_BODY_TYPES,
  MAX_FORWARDS,
  TAG_LENGTH,
} as const);
