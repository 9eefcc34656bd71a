import { SipParseError, type SipRequest, type SipResponse } from '../syntax/index.js';
import { systemClock, type Clock } from '../transport/clock.js';
import type { Flow } from './flow.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { matchesRfc2543 } from './rfc2543-match.js';
import { timerSettings, type TimerSettings } from './timer-settings.js';
import type { Transaction, TransactionContext } from './transaction.js';
import { cancelTargetKey, clientTransactionKey, hasMagicCookie, serverTransactionKey } from './transaction-key.js';
import type { ClientTransaction, ClientTransactionUser, ServerTransaction, ServerTransactionUser } from './transaction-user.js';

export interface TransactionLayerOptions {
  /** Where time comes from; `systemClock` by default. */
  clock?: Clock;
  /** Timer overrides; the rest derive from T1, T2, T4 (see `timerSettings`). */
  timers?: Partial<TimerSettings>;
}

/** What `receiveRequest` made of a request. */
export type ReceivedRequest =
  /** Absorbed by an existing server transaction (a retransmission, or the ACK of a non-2xx final). */
  | { kind: 'retransmission'; transaction: ServerTransaction }
  /** An ACK that is not the transaction's: no server transaction matched, or it matched one in Accepted (RFC 6026). The core passes it to the dialog. */
  | { kind: 'ack'; transaction?: InviteServerTransaction }
  /** A new server transaction the core must answer. */
  | { kind: 'new'; transaction: ServerTransaction };

/**
 * The transaction layer (RFC 3261 §17): creates client transactions for outgoing requests,
 * matches responses to them (§17.1.3), matches incoming requests to server transactions or
 * creates new ones (§17.2.3, with the RFC 2543 fallback), and forgets a transaction the
 * moment it terminates.
 */
export class TransactionLayer {
  readonly clock: Clock;
  readonly timers: TimerSettings;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  /** Server transactions of RFC 2543 clients (no magic cookie), by Call-ID. */
  private readonly legacyServers = new Map<string, ServerTransaction[]>();
  private readonly context: TransactionContext;
  private legacyCount = 0;

  constructor(options: TransactionLayerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timers = timerSettings(options.timers);
    this.context = { clock: this.clock, timers: this.timers, terminated: (tx) => this.forget(tx) };
  }

  /** Client and server transactions alive. */
  get transactionCount(): number {
    let legacy = 0;
    for (const list of this.legacyServers.values()) legacy += list.length;
    return this.clients.size + this.servers.size + legacy;
  }

  /**
   * Start a client transaction for a request the caller built (top Via with its branch), sent
   * over `flow`. INVITE gets an InviteClientTransaction, anything else but ACK a
   * NonInviteClientTransaction. Throws TypeError for ACK (the ACK for a 2xx is no transaction,
   * §17.1.1.3) or a missing branch, and Error when a transaction with that branch and method exists.
   */
  sendRequest(request: SipRequest, flow: Flow, user: ClientTransactionUser): ClientTransaction {
    if (request.method === 'ACK') throw new TypeError('ACK is not sent through a client transaction (RFC 3261 §17.1.1.3, §13.2.2.4)');
    const branch = request.via.branch;
    if (branch === undefined || branch === '') throw new TypeError('the top Via of a request needs a branch parameter (RFC 3261 §8.1.1.7)');
    const key = clientTransactionKey(branch, request.method);
    if (this.clients.has(key)) throw new Error(`a ${request.method} client transaction with branch ${branch} already exists`);
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, flow, user, this.context)
        : new NonInviteClientTransaction(key, request, flow, user, this.context);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /**
   * Deliver a response to its client transaction (RFC 3261 §17.1.3: top Via branch and CSeq
   * method; the flow it came over plays no part). Returns false for a stray response, including
   * one whose Via or CSeq cannot be read; the core decides what to do with it (RFC 6026 §7.2).
   */
  receiveResponse(response: SipResponse, _flow?: Flow): boolean {
    let key: string;
    try {
      const branch = response.via.branch;
      if (branch === undefined) return false;
      key = clientTransactionKey(branch, response.cseq.method);
    } catch (error) {
      if (error instanceof SipParseError) return false;
      throw error;
    }
    const transaction = this.clients.get(key);
    if (transaction === undefined) return false;
    transaction.receiveResponse(response);
    return true;
  }

  /**
   * Match a request to a server transaction (RFC 3261 §17.2.3) or create one. The caller must
   * have checked the request's top Via, From, To, Call-ID and CSeq (a SipParseError from them
   * propagates). `user`, when given, becomes the new transaction's user; it can also be set later.
   */
  receiveRequest(request: SipRequest, flow: Flow, user?: ServerTransactionUser): ReceivedRequest {
    const isAck = request.method === 'ACK';
    const existing = this.findServer(request, isAck ? 'INVITE' : request.method);
    if (existing !== undefined) {
      const outcome = existing.receiveRequest(request);
      if (outcome === 'ack') return { kind: 'ack', transaction: existing as InviteServerTransaction };
      return { kind: 'retransmission', transaction: existing };
    }
    if (isAck) return { kind: 'ack' };
    return { kind: 'new', transaction: this.createServer(request, flow, user) };
  }

  /**
   * The INVITE server transaction a CANCEL targets (RFC 3261 §9.2: §17.2.3 matching as if the
   * CANCEL's method were INVITE), or undefined (the core answers 481).
   */
  findInviteServerTransaction(cancel: SipRequest): InviteServerTransaction | undefined {
    const found = hasMagicCookie(cancel.via.branch) ? this.servers.get(cancelTargetKey(cancel)) : this.findLegacy(cancel, 'INVITE');
    return found instanceof InviteServerTransaction ? found : undefined;
  }

  /** Stop every timer and drop every transaction, without calling any transaction user. */
  close(): void {
    for (const transaction of this.clients.values()) transaction.dispose();
    for (const transaction of this.servers.values()) transaction.dispose();
    for (const list of this.legacyServers.values()) for (const transaction of list) transaction.dispose();
    this.clients.clear();
    this.servers.clear();
    this.legacyServers.clear();
  }

  private findServer(request: SipRequest, targetMethod: string): ServerTransaction | undefined {
    const via = request.via;
    if (hasMagicCookie(via.branch)) return this.servers.get(serverTransactionKey(via, request.method));
    return this.findLegacy(request, targetMethod);
  }

  private findLegacy(request: SipRequest, targetMethod: string): ServerTransaction | undefined {
    const candidates = this.legacyServers.get(request.callId);
    if (candidates === undefined) return undefined;
    return candidates.find((tx) =>
      matchesRfc2543(tx.request, request, tx instanceof InviteServerTransaction ? tx.finalResponse : undefined, targetMethod),
    );
  }

  private createServer(request: SipRequest, flow: Flow, user: ServerTransactionUser | undefined): ServerTransaction {
    const via = request.via;
    const legacy = !hasMagicCookie(via.branch);
    const key = legacy ? `rfc2543\n${request.callId}\n${++this.legacyCount}` : serverTransactionKey(via, request.method);
    const transaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, flow, this.context, user)
        : new NonInviteServerTransaction(key, request, flow, this.context, user);
    if (legacy) {
      const list = this.legacyServers.get(request.callId) ?? [];
      list.push(transaction);
      this.legacyServers.set(request.callId, list);
    } else {
      this.servers.set(key, transaction);
    }
    return transaction;
  }

  private forget(transaction: Transaction<string>): void {
    if (this.clients.get(transaction.id) === transaction) {
      this.clients.delete(transaction.id);
      return;
    }
    if (this.servers.get(transaction.id) === transaction) {
      this.servers.delete(transaction.id);
      return;
    }
    const callId = transaction.request.callId;
    const list = this.legacyServers.get(callId);
    if (list === undefined) return;
    const remaining = list.filter((tx) => tx !== transaction);
    if (remaining.length === 0) this.legacyServers.delete(callId);
    else this.legacyServers.set(callId, remaining);
  }
}
