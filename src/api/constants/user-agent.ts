/** sipforge's version, the one place it is written (keep in step with package.json). */
export const VERSION = '0.1.0';

/** The default `User-Agent` header value (legacy `SIP.C.USER_AGENT` was `SIP.js/<version>`). */
export const USER_AGENT = `sipforge/${VERSION}`;
