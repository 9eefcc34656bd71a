import type { ServerTransaction, ServerTransactionUser } from '../transaction/index.js';
import type { TransportError } from '../transport/transport.js';
import type { CoreLogger } from './core-logger.js';

/**
 * The user of a server transaction for a request outside any dialog: it keeps the request's
 * entry in the table of merged-request detection (RFC 3261 §8.2.2.2) while the transaction
 * lives, and logs what goes wrong. One small object per transaction, as a UAS holds one for each
 * answered INVITE through the 32 s of Timer L.
 */
export class PendingRequestUser implements ServerTransactionUser {
  constructor(
    private readonly pending: Map<string, ServerTransaction>,
    private readonly key: string,
    private readonly logger: CoreLogger,
  ) {}

  onTimeout(transaction: ServerTransaction): void {
    this.logger.warn(`${transaction.method} transaction timed out waiting for ACK`);
  }

  onTransportError(error: TransportError, transaction: ServerTransaction): void {
    this.logger.warn(`response to ${transaction.method} not sent: ${error.message}`);
  }

  onTerminated(transaction: ServerTransaction): void {
    if (this.pending.get(this.key) === transaction) this.pending.delete(this.key);
  }
}
