import type { SipResponse } from '../syntax/index.js';
import type { TransportError } from '../transport/transport.js';
import type { InviteClientTransaction } from './invite-client-transaction.js';
import type { InviteServerTransaction } from './invite-server-transaction.js';
import type { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.js';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/** The transaction user (UAC core, proxy core) of a client transaction (RFC 3261 §17.1). */
export interface ClientTransactionUser {
  /**
   * A response for the TU: every provisional, the final response once (its retransmissions are
   * absorbed), and for INVITE every 2xx, including those received in Accepted (RFC 6026 §8.4).
   */
  onResponse(response: SipResponse, transaction: ClientTransaction): void;
  /** Timer B (INVITE, still Calling) or Timer F (non-INVITE) fired without a final response. */
  onTimeout(transaction: ClientTransaction): void;
  /** The transport could not send; the transaction has terminated. */
  onTransportError(error: TransportError, transaction: ClientTransaction): void;
  /** The transaction reached Terminated (after the callbacks above, when one applies). */
  onTerminated?(transaction: ClientTransaction): void;
}

/** The transaction user (UAS core, proxy core) of a server transaction (RFC 3261 §17.2). */
export interface ServerTransactionUser {
  /** Timer H fired: the ACK for a non-2xx final response never came (RFC 3261 §17.2.1). */
  onTimeout(transaction: ServerTransaction): void;
  /** The transport could not send a response. */
  onTransportError(error: TransportError, transaction: ServerTransaction): void;
  /** The transaction reached Terminated (after the callbacks above, when one applies). */
  onTerminated?(transaction: ServerTransaction): void;
}
