export { Parameters, quoteString, isToken, hasLineBreak } from './parameters.js';
export type { Parameter } from './parameters.js';
export { URI } from './uri.js';
export type { UriFields } from './uri.js';
export { formatNameAddr } from './name-addr.js';
export { SipParseError, excerpt } from './sip-parse-error.js';
export type { RawMessageHead } from './sip-parse-error.js';
export { ExtensionHeader } from './extension-header.js';
export { toNumber } from './param-number.js';
