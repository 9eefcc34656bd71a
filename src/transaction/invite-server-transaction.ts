import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { TransportError } from '../transport/transport.js';
import type { Flow } from './flow.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ServerTransactionUser } from './transaction-user.js';
import { buildTryingResponse } from './trying-response.js';

/** RFC 3261 §17.2.1 with RFC 6026 §8.7 (Accepted). */
export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated';

/** RFC 3261 §17.2.1: the server transaction sends 100 (Trying) unless the TU responds within 200 ms. */
export const TRYING_DELAY_MS = 200;

/**
 * The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, as updated by RFC 6026 §8.7):
 * sends 100 (Trying) when the TU is slow, retransmits a 300-699 final response on Timer G over
 * unreliable flows until the ACK arrives or Timer H fires, and after a 2xx stays Accepted for
 * Timer L so INVITE retransmissions are absorbed (2xx retransmission is the TU's job, §13.3.1.4).
 */
export class InviteServerTransaction extends Transaction<Exclude<InviteServerState, 'Terminated'>> {
  /** Told of timeouts, transport errors and the end of the transaction; the core sets it when it takes the request. */
  user: ServerTransactionUser | undefined;
  private held: SipRequest | undefined;
  private readonly keepsMessages: boolean;
  private provisional: SipResponse | undefined;
  private final: SipResponse | undefined;
  private status: number | undefined;
  private readonly receivedAt: number;
  /** Timer G's next interval (RFC 3261 §17.2.1: doubling up to T2). */
  private intervalG = 0;

  /** `keepsMessages`: keep the request and the final response to the end (RFC 2543 matching compares them). */
  constructor(id: string, request: SipRequest, flow: Flow, context: TransactionContext, user?: ServerTransactionUser, keepsMessages = false) {
    super(id, request, flow, context, 'Proceeding');
    this.user = user;
    this.held = request;
    this.keepsMessages = keepsMessages;
    this.receivedAt = context.clock.now();
    this.startTimer('Trying', TRYING_DELAY_MS);
  }

  /**
   * The INVITE, until the final response is sent. After it, retransmissions and the ACK are
   * matched by the key (RFC 3261 §17.2.3), so for the whole of Timer L (or G, H and I) the
   * transaction keeps no more than a non-2xx final response to retransmit.
   */
  get request(): SipRequest | undefined {
    return this.held;
  }

  /** The last response still kept: the latest provisional until the final one; then the final one in Completed. */
  get lastResponse(): SipResponse | undefined {
    return this.final ?? this.provisional;
  }

  /**
   * The final response while the transaction still needs it: a 300-699 one in Completed, to
   * retransmit; a 2xx only when the transaction keeps its messages (RFC 2543 ACK matching
   * compares its To tag, RFC 3261 §17.2.3). The TU retransmits a 2xx itself (§13.3.1.4).
   */
  get finalResponse(): SipResponse | undefined {
    return this.final;
  }

  /** The status of the final response sent, if any. */
  get finalStatus(): number | undefined {
    return this.status;
  }

  /**
   * Send a response from the TU and drive the state (RFC 3261 §17.2.1, RFC 6026 §8.7).
   * Returns false when the response is discarded: anything after a non-2xx final, anything but
   * a 2xx in Accepted.
   */
  respond(response: SipResponse): boolean {
    const status = response.status;
    if (this.state === 'Accepted') {
      // RFC 6026 §8.7: 2xx retransmissions from the TU go to the transport; nothing else does.
      if (status < 200 || status >= 300) return false;
      this.transmit(response);
      return true;
    }
    if (this.state !== 'Proceeding') return false;
    this.stopTimer('Trying');
    if (status < 200) {
      this.provisional = response;
      this.transmit(response);
      return true;
    }
    this.status = status;
    this.provisional = undefined;
    if (status < 300) {
      // RFC 6026 §8.7: a 2xx moves to Accepted for Timer L; this layer never retransmits it.
      this.enter('Accepted');
      this.startTimer('L', this.settings.timerL);
    } else {
      this.enter('Completed');
      // RFC 3261 §17.2.1: Timer G only on unreliable transports; Timer H on every transport.
      if (!this.reliable) {
        this.intervalG = this.settings.timerG;
        this.startTimer('G', this.intervalG);
      }
      this.startTimer('H', this.settings.timerH);
    }
    if (status >= 300 || this.keepsMessages) this.final = response;
    if (!this.keepsMessages) this.held = undefined;
    this.transmit(response);
    return true;
  }

  /**
   * A request matched to this transaction: an INVITE retransmission or an ACK. Returns `ack`
   * when the ACK belongs to the TU (Accepted, RFC 6026 §8.7), `absorbed` otherwise.
   */
  receiveRequest(request: SipRequest): 'absorbed' | 'ack' {
    if (request.method === 'ACK') return this.receiveAck();
    switch (this.state) {
      case 'Proceeding':
        // RFC 3261 §17.2.1: a retransmitted INVITE gets the most recent provisional response again.
        if (this.provisional !== undefined) this.transmit(this.provisional);
        break;
      case 'Completed':
        if (this.final !== undefined) this.transmit(this.final);
        break;
      default:
        // Confirmed and Accepted absorb INVITE retransmissions (RFC 6026 §8.7).
        break;
    }
    return 'absorbed';
  }

  private receiveAck(): 'absorbed' | 'ack' {
    if (this.state === 'Accepted') return 'ack';
    if (this.state === 'Completed') {
      this.stopTimer('G');
      this.stopTimer('H');
      this.enter('Confirmed');
      // Nothing is retransmitted any more: Timer I only absorbs ACKs.
      if (!this.keepsMessages) this.final = undefined;
      // RFC 3261 §17.2.1: Timer I is T4 on unreliable transports and zero on reliable ones.
      this.startTimer('I', this.reliable ? 0 : this.settings.timerI);
    }
    return 'absorbed';
  }

  private sendTrying(): void {
    if (this.state !== 'Proceeding' || this.held === undefined) return;
    this.provisional = buildTryingResponse(this.held, this.context.clock.now() - this.receivedAt);
    this.transmit(this.provisional);
  }

  protected timerFired(name: string): void {
    switch (name) {
      case 'Trying':
        this.sendTrying();
        return;
      case 'G':
        // RFC 3261 §17.2.1: Timer G resends the final response and doubles, up to T2.
        if (this.final !== undefined) this.transmit(this.final);
        this.intervalG = Math.min(2 * this.intervalG, this.settings.T2);
        this.startTimer('G', this.intervalG);
        return;
      case 'H':
        this.terminate(() => this.user?.onTimeout(this));
        return;
      default:
        // L (Accepted) and I (Confirmed): the transaction has nothing left to do.
        this.terminate();
    }
  }

  protected transportFailed(error: TransportError): void {
    if (this.state === 'Accepted') {
      // RFC 6026 §8.7: the TU owns the 2xx and hears of the failure; the transaction stays to absorb INVITE retransmissions.
      this.tellUser(() => this.user?.onTransportError(error, this));
      return;
    }
    // RFC 3261 §17.2.1: a transport error in Proceeding or Completed informs the TU and terminates.
    this.terminate(() => this.user?.onTransportError(error, this));
  }

  protected notifyTerminated(): void {
    this.user?.onTerminated?.(this);
  }
}
