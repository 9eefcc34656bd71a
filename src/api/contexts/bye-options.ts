import type { ExtraHeaders } from '../../core/index.js';

/** Options of `bye()`, on either side of a call. */
export interface ByeOptions {
  /** `['Reason: Q.850;cause=16']`, …: token names, no CR or LF anywhere. */
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  contentType?: string | undefined;
}
