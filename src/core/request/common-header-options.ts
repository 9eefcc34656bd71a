/** Headers a UA adds to every request it originates (RFC 3261 §8.1.1.9, §20.5, §20.41). */
export interface CommonHeaderOptions {
  /** User-Agent text, e.g. `sipforge/0.1.0`. */
  userAgent?: string | undefined;
  /** Option tags for Supported, e.g. `['outbound', 'path', 'gruu']`. */
  supported?: readonly string[] | undefined;
  /** Methods for Allow, e.g. `['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'MESSAGE']`. */
  allow?: readonly string[] | undefined;
  /** Max-Forwards; RFC 3261 §8.1.1.6 says it SHOULD be 70. */
  maxForwards?: number | undefined;
}
