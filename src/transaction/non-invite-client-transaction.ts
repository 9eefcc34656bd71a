import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { TransportError } from '../transport/transport.js';
import type { Flow } from './flow.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ClientTransactionUser } from './transaction-user.js';

/** RFC 3261 §17.1.2.2. */
export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): retransmits the request on
 * Timer E over unreliable flows, times out on Timer F, and absorbs response retransmissions
 * in Completed until Timer K.
 */
export class NonInviteClientTransaction extends Transaction<Exclude<NonInviteClientState, 'Terminated'>> {
  /** The request that created the transaction: retransmitted, and compared with every response (RFC 3261 §17.1.3). */
  readonly request: SipRequest;
  readonly user: ClientTransactionUser;
  /** Timer E's next interval (RFC 3261 §17.1.2.2). */
  private intervalE = 0;

  constructor(id: string, request: SipRequest, flow: Flow, user: ClientTransactionUser, context: TransactionContext) {
    super(id, request, flow, context, 'Trying');
    this.request = request;
    this.user = user;
  }

  /** Enter Trying: send the request, start Timer E (unreliable only) and Timer F. */
  start(): void {
    this.transmit(this.request);
    if (!this.reliable) {
      this.intervalE = this.settings.timerE;
      this.startTimer('E', this.intervalE);
    }
    this.startTimer('F', this.settings.timerF);
  }

  /** A response matched to this transaction (RFC 3261 §17.1.3). */
  receiveResponse(response: SipResponse): void {
    if (this.state !== 'Trying' && this.state !== 'Proceeding') return; // Completed: retransmissions are absorbed
    if (response.status < 200) {
      this.enter('Proceeding');
      this.tellUser(() => this.user.onResponse(response, this));
      return;
    }
    this.stopTimer('E');
    this.stopTimer('F');
    this.enter('Completed');
    // RFC 3261 §17.1.2.2: Timer K is T4 on unreliable transports and zero on reliable ones.
    this.startTimer('K', this.reliable ? 0 : this.settings.timerK);
    this.tellUser(() => this.user.onResponse(response, this));
  }

  protected timerFired(name: string): void {
    switch (name) {
      case 'E':
        this.transmit(this.request);
        // RFC 3261 §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is always T2.
        this.intervalE = this.state === 'Proceeding' ? this.settings.T2 : Math.min(2 * this.intervalE, this.settings.T2);
        this.startTimer('E', this.intervalE);
        return;
      case 'F':
        this.terminate(() => this.user.onTimeout(this));
        return;
      default:
        // K (Completed): the transaction has nothing left to do.
        this.terminate();
    }
  }

  protected transportFailed(error: TransportError): void {
    // RFC 3261 §17.1.2.2: a transport error informs the TU and terminates the transaction.
    this.terminate(() => this.user.onTransportError(error, this));
  }

  protected notifyTerminated(): void {
    this.user.onTerminated?.(this);
  }
}
