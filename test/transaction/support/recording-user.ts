import type { SipResponse } from '../../../src/syntax/index.js';
import type { ClientTransaction, ClientTransactionUser, ServerTransaction, ServerTransactionUser } from '../../../src/transaction/index.js';
import type { TransportError } from '../../../src/transport/transport.js';

/** A client TU that records what the transaction told it, in order. */
export class RecordingClientUser implements ClientTransactionUser {
  readonly events: string[] = [];
  readonly responses: SipResponse[] = [];
  readonly errors: TransportError[] = [];

  onResponse(response: SipResponse, transaction: ClientTransaction): void {
    this.responses.push(response);
    this.events.push(`response ${response.status} in ${transaction.state}`);
  }

  onTimeout(transaction: ClientTransaction): void {
    this.events.push(`timeout in ${transaction.state}`);
  }

  onTransportError(error: TransportError, transaction: ClientTransaction): void {
    this.errors.push(error);
    this.events.push(`transport error in ${transaction.state}`);
  }

  onTerminated(transaction: ClientTransaction): void {
    this.events.push(`terminated ${transaction.state}`);
  }
}

/** A server TU that records what the transaction told it, in order. */
export class RecordingServerUser implements ServerTransactionUser {
  readonly events: string[] = [];
  readonly errors: TransportError[] = [];

  onTimeout(transaction: ServerTransaction): void {
    this.events.push(`timeout in ${transaction.state}`);
  }

  onTransportError(error: TransportError, transaction: ServerTransaction): void {
    this.errors.push(error);
    this.events.push(`transport error in ${transaction.state}`);
  }

  onTerminated(transaction: ServerTransaction): void {
    this.events.push(`terminated ${transaction.state}`);
  }
}
