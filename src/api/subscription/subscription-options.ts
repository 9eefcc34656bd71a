import type { ExtraHeaders } from '../../core/index.js';

/** Options of `ua.subscribe(target, event, options)` (legacy, plus `contentType` and `accept`). */
export interface SubscriptionOptions {
  /** Seconds asked for; default 3600 (legacy). A 423's Min-Expires raises it. */
  expires?: number | undefined;
  /** `['Name: value', …]`: token names, no CR or LF anywhere. A `Content-Type: …` line is taken as `contentType`. */
  extraHeaders?: ExtraHeaders | undefined;
  /** A body for the SUBSCRIBE (e.g. a filter); every SUBSCRIBE of the subscription carries it. */
  body?: string | undefined;
  /** The body's type; required with a body. */
  contentType?: string | undefined;
  /** The media types of NOTIFY bodies accepted (Accept); default the event package's own (`acceptFor`), none for others. */
  accept?: readonly string[] | undefined;
}
