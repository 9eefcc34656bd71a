import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { TransportError } from '../transport/transport.js';
import { buildAckForNon2xx } from './ack-for-non-2xx.js';
import type { Flow } from './flow.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ClientTransactionUser } from './transaction-user.js';

/** RFC 3261 §17.1.1.2 with RFC 6026 §8.4 (Accepted). */
export type InviteClientState = 'Calling' | 'Proceeding' | 'Accepted' | 'Completed' | 'Terminated';

/**
 * The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, as updated by RFC 6026 §8.4):
 * retransmits the INVITE on Timer A over unreliable flows, times out on Timer B, acknowledges
 * a 300-699 response itself, and hands every 2xx to the TU, which sends the ACK for it.
 */
export class InviteClientTransaction extends Transaction<Exclude<InviteClientState, 'Terminated'>> {
  /** The request that created the transaction: retransmitted, and compared with every response (RFC 3261 §17.1.3). */
  readonly request: SipRequest;
  readonly user: ClientTransactionUser;
  private ack: SipRequest | undefined;
  /** Timer A's next interval (RFC 3261 §17.1.1.2: doubling). */
  private intervalA = 0;

  constructor(id: string, request: SipRequest, flow: Flow, user: ClientTransactionUser, context: TransactionContext) {
    super(id, request, flow, context, 'Calling');
    this.request = request;
    this.user = user;
  }

  /** The ACK this transaction built for a non-2xx final response, once there is one. */
  get ackRequest(): SipRequest | undefined {
    return this.ack;
  }

  /** Enter Calling: send the INVITE, start Timer A (unreliable only) and Timer B. */
  start(): void {
    this.transmit(this.request);
    // RFC 3261 §17.1.1.2: Timer A only on unreliable transports; Timer B on every transport.
    if (!this.reliable) {
      this.intervalA = this.settings.timerA;
      this.startTimer('A', this.intervalA);
    }
    this.startTimer('B', this.settings.timerB);
  }

  /** A response matched to this transaction (RFC 3261 §17.1.3). */
  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'Calling':
      case 'Proceeding':
        if (status < 200) this.provisional(response);
        else if (status < 300) this.accepted(response);
        else this.completed(response);
        return;
      case 'Accepted':
        // RFC 6026 §8.4: every further 2xx goes to the TU, which acknowledges each of them.
        if (status >= 200 && status < 300) this.tellUser(() => this.user.onResponse(response, this));
        return;
      case 'Completed':
        // RFC 3261 §17.1.1.2: a retransmitted final response gets the ACK again and stays here.
        if (status >= 300 && this.ack !== undefined) this.transmit(this.ack);
        return;
      case 'Terminated':
        return;
    }
  }

  protected timerFired(name: string): void {
    switch (name) {
      case 'A':
        // RFC 3261 §17.1.1.2: each time Timer A fires the INVITE is resent and the interval doubles.
        this.transmit(this.request);
        this.intervalA *= 2;
        this.startTimer('A', this.intervalA);
        return;
      case 'B':
        // RFC 3261 §17.1.1.2: a timeout only while still Calling; no ACK is generated.
        if (this.state === 'Calling') this.terminate(() => this.user.onTimeout(this));
        return;
      default:
        // M (Accepted) and D (Completed): the transaction has nothing left to do.
        this.terminate();
    }
  }

  private provisional(response: SipResponse): void {
    if (this.state === 'Calling') {
      // RFC 3261 §17.1.1.2: in Proceeding the INVITE is no longer retransmitted, and Timer B only applies to Calling.
      this.stopTimer('A');
      this.stopTimer('B');
      this.enter('Proceeding');
    }
    this.tellUser(() => this.user.onResponse(response, this));
  }

  private accepted(response: SipResponse): void {
    this.stopTimer('A');
    this.stopTimer('B');
    // RFC 6026 §8.4: a 2xx moves to Accepted for Timer M, so 2xx retransmissions still reach the TU.
    this.enter('Accepted');
    this.startTimer('M', this.settings.timerM);
    this.tellUser(() => this.user.onResponse(response, this));
  }

  private completed(response: SipResponse): void {
    this.stopTimer('A');
    this.stopTimer('B');
    this.enter('Completed');
    this.ack = buildAckForNon2xx(this.request, response);
    this.transmit(this.ack);
    // RFC 3261 §17.1.1.2: Timer D, at least 32 s on unreliable transports and zero on reliable ones.
    this.startTimer('D', this.reliable ? 0 : this.settings.timerD);
    this.tellUser(() => this.user.onResponse(response, this));
  }

  protected transportFailed(error: TransportError): void {
    // RFC 3261 §17.1.1.2: a transport error informs the TU and terminates the transaction.
    this.terminate(() => this.user.onTransportError(error, this));
  }

  protected notifyTerminated(): void {
    this.user.onTerminated?.(this);
  }
}
