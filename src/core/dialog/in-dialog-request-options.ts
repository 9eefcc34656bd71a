import type { ExtraHeaders, RequestBody } from '../request/index.js';

/** A request sent inside a dialog (RFC 3261 §12.2.1.1). */
export interface InDialogRequestOptions extends RequestBody {
  /** Extra header lines, e.g. `['Reason: SIP;cause=200;text="Call completed elsewhere"']`, or the INVITE's Authorization for an ACK. */
  extraHeaders?: ExtraHeaders | undefined;
}
