import type { ExtraHeaders, RequestOutcome } from '../core/index.js';

/** A request the application sends in the session's dialog (legacy `sendRequest(method, options)`, `bye(options)`). */
export interface SessionRequestOptions {
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  contentType?: string | undefined;
  /** Told of each response and of a failure without one. */
  outcome?: Partial<RequestOutcome> | undefined;
}
