import type { SipRequest, SipResponse } from '../syntax/index.js';
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
  private last: SipResponse | undefined;

  constructor(id: string, request: SipRequest, flow: Flow, context: TransactionContext, user?: ServerTransactionUser) {
    super(id, request, flow, context, 'Trying');
    this.user = user;
  }

  /** The last response passed to the transport. */
  get lastResponse(): SipResponse | undefined {
    return this.last;
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
      this.enter('Completed');
      // RFC 3261 §17.2.2: Timer J is 64*T1 on unreliable transports and zero on reliable ones.
      this.startTimer('J', this.reliable ? 0 : this.settings.timerJ, () => this.terminate());
    }
    this.transmit(response);
    return true;
  }

  /** A retransmission of the request: re-send the last response (none yet in Trying: discarded). */
  receiveRequest(_request: SipRequest): 'absorbed' {
    if (this.last !== undefined && this.state !== 'Terminated') this.transmit(this.last);
    return 'absorbed';
  }

  protected transportFailed(error: TransportError): void {
    // RFC 3261 §17.2.2: a transport error informs the TU and terminates the transaction.
    this.terminate(() => this.user?.onTransportError(error, this));
  }

  protected notifyTerminated(): void {
    this.user?.onTerminated?.(this);
  }
}
