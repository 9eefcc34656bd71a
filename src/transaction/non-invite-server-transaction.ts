import { decodeUtf8, parseMessage, type SipRequest, type SipResponse } from '../syntax/index.js';
import type { TransportError } from '../transport/transport.js';
import type { Flow } from './flow.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ServerTransactionUser } from './transaction-user.js';

/** RFC 3261 §17.2.2. */
export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

/**
 * The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): answers request
 * retransmissions with the last response sent and stays Completed for Timer J.
 */
export class NonInviteServerTransaction extends Transaction<Exclude<NonInviteServerState, 'Terminated'>> {
  /** Told of transport errors and the end of the transaction; the core sets it when it takes the request. */
  user: ServerTransactionUser | undefined;
  private held: SipRequest | undefined;
  private readonly keepsRequest: boolean;
  /** The last response, until the final one has gone over an unreliable flow. */
  private last: SipResponse | undefined;
  /**
   * From then on, the final response as sent. Its header values are views on the request's text
   * (§8.2.6.2 copies them), so the object would keep the request too for the whole of Timer J;
   * the wire form is all a retransmission needs, and is read again only when one arrives. Kept as
   * text when there is no body (one object, where bytes are a Uint8Array, its ArrayBuffer and memory
   * outside the heap); as bytes otherwise, as a body need not be UTF-8.
   */
  private sentFinal: string | Uint8Array | undefined;
  private status: number | undefined;

  /** `keepsRequest`: keep the request after the final response (RFC 2543 matching compares it). */
  constructor(id: string, request: SipRequest, flow: Flow, context: TransactionContext, user?: ServerTransactionUser, keepsRequest = false) {
    super(id, request, flow, context, 'Trying');
    this.user = user;
    this.held = request;
    this.keepsRequest = keepsRequest;
  }

  /**
   * The request that created the transaction, until the final response is sent. In Completed a
   * retransmission is matched by the key and answered with that response (RFC 3261 §17.2.2), so
   * for the whole of Timer J the transaction keeps only the response.
   */
  get request(): SipRequest | undefined {
    return this.held;
  }

  /** The last response passed to the transport (in Completed over UDP, read again from its bytes). */
  get lastResponse(): SipResponse | undefined {
    if (this.last === undefined && this.sentFinal !== undefined) return parseMessage(this.sentFinal) as SipResponse;
    return this.last;
  }

  /** The status of the final response sent, if any. */
  get finalStatus(): number | undefined {
    return this.status;
  }

  /**
   * Send a response from the TU and drive the state. Returns false when it is discarded
   * (RFC 3261 §17.2.2: any response the TU passes in Completed).
   */
  respond(response: SipResponse): boolean {
    if (this.state !== 'Trying' && this.state !== 'Proceeding') return false;
    this.last = response;
    if (response.status < 200) {
      this.enter('Proceeding');
    } else {
      this.status = response.status;
      this.enter('Completed');
      if (!this.keepsRequest) this.held = undefined;
      // RFC 3261 §17.2.2: Timer J is 64*T1 on unreliable transports and zero on reliable ones.
      this.startTimer('J', this.reliable ? 0 : this.settings.timerJ);
    }
    this.transmit(response);
    if (this.status !== undefined && !this.reliable) {
      const bytes = response.toBytes();
      this.sentFinal = response.body.length === 0 ? decodeUtf8(bytes) : bytes;
      this.last = undefined;
    }
    return true;
  }

  /** A retransmission of the request: re-send the last response (none yet in Trying: discarded). */
  receiveRequest(_request: SipRequest): 'absorbed' {
    if (this.state === 'Terminated') return 'absorbed';
    const last = this.lastResponse;
    if (last !== undefined) this.transmit(last);
    return 'absorbed';
  }

  protected timerFired(): void {
    // Timer J, the only one (Completed): the transaction has nothing left to do.
    this.terminate();
  }

  protected transportFailed(error: TransportError): void {
    // RFC 3261 §17.2.2: a transport error informs the TU and terminates the transaction.
    this.terminate(() => this.user?.onTransportError(error, this));
  }

  protected notifyTerminated(): void {
    this.user?.onTerminated?.(this);
  }
}
