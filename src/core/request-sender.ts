import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { AddressInput, OutOfDialogRequestOptions } from './request/index.js';

/** How a request sent through a `RequestSender` ended, reported once (plus every 1xx before). */
export interface RequestOutcome {
  /** 1xx responses. */
  onProvisional?(response: SipResponse): void;
  /**
   * The final response, after digest challenges were answered (at most one retry per challenge, RFC 3261 §22;
   * a second challenge for the same realm is delivered here as the final 401/407).
   */
  onFinal(response: SipResponse): void;
  /**
   * INVITE only: a 2xx after the one given to `onFinal`, a retransmission or another fork's answer
   * (RFC 6026 §8.4). The UAC must acknowledge each one (RFC 3261 §13.2.2.4).
   */
  onLater2xx?(response: SipResponse): void;
  /** No final response: 'REQUEST_TIMEOUT' (Timer B/F) or 'CONNECTION_ERROR' (transport), as SIP.C.causes keys. */
  onFailure(cause: 'REQUEST_TIMEOUT' | 'CONNECTION_ERROR'): void;
}

/** A request in flight. */
export interface SentRequest {
  /** The request now in its client transaction: the one given to `send`, or its latest authenticated retry. */
  readonly request: SipRequest;
  /** Report nothing more (the transaction still runs to its end; CANCEL is not this). */
  stop(): void;
}

/** What `create` needs: the options of `OutOfDialogRequestFactory.create`, with From defaulting to the UA's address. */
export type RequestSpec = Omit<OutOfDialogRequestOptions, 'from'> & { from?: AddressInput | undefined };

/** The UA's way of originating requests outside a dialog (RFC 3261 §8.1) and of sending any request to its server. */
export interface RequestSender {
  /**
   * An out-of-dialog request from the UA: From = the UA's AOR (display name) with a new tag unless given, Via and
   * Contact from the current connection, pre-loaded Route when configured, User-Agent. `spec` may fix callId,
   * fromTag, cseq. Throws TypeError naming any input that would corrupt the wire.
   */
  create(spec: RequestSpec): SipRequest;
  /**
   * Send in a client transaction towards the connected server, answering digest challenges with the UA's
   * credentials (the retry is the same request with CSeq+1 and a new branch). Returns a handle to stop.
   */
  send(request: SipRequest, outcome: RequestOutcome): SentRequest;
}
