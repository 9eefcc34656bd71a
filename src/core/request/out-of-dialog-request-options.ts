import type { AddressInput } from './address.js';
import type { ContactInput } from './contact-input.js';
import type { ExtraHeaders } from './extra-headers.js';
import type { RequestBody } from './request-body.js';
import type { UriInput } from './uri-input.js';

/** One request outside a dialog (RFC 3261 §8.1.1). */
export interface OutOfDialogRequestOptions extends RequestBody {
  method: string;
  /** Where the request is for; the To URI when absent (RFC 3261 §8.1.1.1). */
  requestUri?: UriInput | undefined;
  to: AddressInput;
  from: AddressInput;
  /** From tag; a new random one when absent (RFC 3261 §8.1.1.3). A retry after a challenge reuses the first one. */
  fromTag?: string | undefined;
  /** Call-ID; a new random one when absent (RFC 3261 §8.1.1.4). REGISTER refreshes and retries reuse it. */
  callId?: string | undefined;
  /** CSeq sequence number, 1 when absent (RFC 3261 §8.1.1.5). */
  cseq?: number | undefined;
  /** Contact for this request, overriding the factory's; `null` sends none. */
  contact?: ContactInput | null | undefined;
  extraHeaders?: ExtraHeaders | undefined;
}
