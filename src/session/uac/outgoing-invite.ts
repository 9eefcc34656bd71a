import type { SipRequest } from '../../syntax/index.js';
import type { SessionDescription } from '../session-description-handler.js';

/** The INVITE a UAC session sends, built by its UA (From, To, Call-ID, extra headers, credentials). */
export interface OutgoingInvite {
  /** The INVITE as built, inputs checked, without a body: its Call-ID, tags and headers. */
  readonly request: SipRequest;
  /** The INVITE to send with `offer` as its body (none when offerless): the same Call-ID, From tag and CSeq. */
  build(offer: SessionDescription | undefined): SipRequest;
  /** RFC 3261 §13.2.1: send no offer; the 2xx brings the peer's, the ACK carries our answer (legacy `inviteWithoutSdp`). */
  readonly withoutOffer?: boolean | undefined;
}
