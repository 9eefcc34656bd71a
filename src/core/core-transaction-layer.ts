import { TransactionLayer, type TransactionLayerOptions } from '../transaction/index.js';
import type { Transaction } from '../transaction/transaction.js';
import { logFault, type CoreLogger } from './core-logger.js';

/**
 * The core's transaction layer: a transaction user that threw is reported to the core's logger. An
 * override rather than a closure per layer: a process holds thousands of UAs, each with its core.
 */
export class CoreTransactionLayer extends TransactionLayer {
  constructor(
    options: TransactionLayerOptions,
    private readonly logger: CoreLogger,
  ) {
    super(options);
  }

  override userFailed(error: unknown, transaction: Transaction<string>): void {
    logFault(this.logger, `the user of a ${transaction.method} transaction threw`, error);
  }
}
