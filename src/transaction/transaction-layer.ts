import type { SipParseError, SipRequest, SipResponse } from '../syntax/index.js';
import { systemClock, type Clock } from '../transport/clock.js';
import type { Flow } from './flow.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { notAnAnswerTo, unreadableRequestKeys, unreadableResponseKeys } from './matching-fields.js';
import { matchesRfc2543, rfc2543Key } from './rfc2543-match.js';
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
  | { kind: 'new'; transaction: ServerTransaction }
  /**
   * A field matching needs (top Via, CSeq; Call-ID, From, To for RFC 2543 matching) cannot be
   * read: no transaction was looked up or created. The core answers 400 statelessly or drops it.
   */
  | { kind: 'malformed'; error: SipParseError };

/** What `receiveResponse` made of a response. */
export type ReceivedResponse =
  /** Delivered to the client transaction it matched (RFC 3261 §17.1.3). */
  | { kind: 'matched'; transaction: ClientTransaction }
  /** No client transaction has its branch and CSeq method; the core decides (RFC 6026 §7.2). */
  | { kind: 'stray' }
  /** It matched a transaction by branch and CSeq method, but its Call-ID, From tag or CSeq number are not the request's: dropped. */
  | { kind: 'foreign'; transaction: ClientTransaction; reason: string }
  /** Its top Via or CSeq cannot be read: dropped. */
  | { kind: 'malformed'; error: SipParseError };

/**
 * Server transactions of RFC 2543 clients (no magic cookie), by `rfc2543Key`: a request is
 * compared in full only with those sharing everything the rules compare but the To tag and
 * the URI parameters, never with every transaction of its Call-ID (a flood sharing one
 * Call-ID must cost each request O(1), not O(transactions alive)); and the key each one is
 * filed under, to forget it.
 */
interface LegacyIndex {
  servers: Map<string, ServerTransaction[]>;
  keys: Map<Transaction<string>, string>;
}

/**
 * The transaction layer (RFC 3261 §17): creates client transactions for outgoing requests,
 * matches responses to them (§17.1.3), matches incoming requests to server transactions or
 * creates new ones (§17.2.3, with the RFC 2543 fallback), and forgets a transaction the
 * moment it terminates.
 */
export class TransactionLayer implements TransactionContext {
  readonly clock: Clock;
  readonly timers: TimerSettings;
  // Both maps are made at their first transaction, and the layer is its transactions' context itself
  // (no object and closures of its own): a process may hold thousands of idle UAs, each with a layer
  // (an empty Map keeps a table of about 190 B; bench/LOAD-RESULTS.md, many UAs).
  private clientMap: Map<string, ClientTransaction> | undefined;
  private serverMap: Map<string, ServerTransaction> | undefined;
  /** Made at the first request from an RFC 2543 client: most UAs never meet one, and a process may hold thousands of UAs. */
  private legacy: LegacyIndex | undefined;
  private legacyCount = 0;

  constructor(options: TransactionLayerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timers = timerSettings(options.timers);
  }

  /** Client and server transactions alive. */
  get transactionCount(): number {
    return (this.clientMap?.size ?? 0) + (this.serverMap?.size ?? 0) + (this.legacy?.keys.size ?? 0);
  }

  /** TransactionContext: a transaction reached Terminated. */
  terminated(transaction: Transaction<string>): void {
    this.forget(transaction);
  }

  /**
   * TransactionContext: a transaction user's callback threw (the transaction carried on regardless).
   * Reported at the console's error level; the UA core's layer reports to its logger instead.
   */
  userFailed(error: unknown, transaction: Transaction<string>): void {
    console.error(`sipforge: the user of transaction ${transaction.method} ${transaction.id} threw; the transaction carried on:`, error);
  }

  /**
   * Non-INVITE client and server transactions whose final response is still to come or to be sent:
   * what a UA shutting down waits for. One in Completed has it, and only absorbs retransmissions
   * until Timer J or K (64*T1 over UDP, RFC 3261 §17.2.2, §17.1.2.2); an INVITE transaction outlives
   * its call (RFC 6026 keeps it 64*T1 in Accepted after the 2xx).
   */
  get nonInviteTransactionCount(): number {
    let count = 0;
    for (const transactions of [this.clientMap?.values() ?? [], this.serverMap?.values() ?? [], this.legacy?.keys.keys() ?? []]) {
      for (const transaction of transactions) if (transaction.method !== 'INVITE' && transaction.state !== 'Completed') count++;
    }
    return count;
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
    if (this.clientMap?.has(key)) throw new Error(`a ${request.method} client transaction with branch ${branch} already exists`);
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, flow, user, this)
        : new NonInviteClientTransaction(key, request, flow, user, this);
    (this.clientMap ??= new Map()).set(key, transaction);
    transaction.start();
    return transaction;
  }

  /**
   * Deliver a response to its client transaction (RFC 3261 §17.1.3: top Via branch and CSeq
   * method; the flow it came over plays no part). Never throws for what the response contains:
   * one whose Via or CSeq cannot be read is `malformed`, one that matches no transaction `stray`,
   * and one that matches but carries another request's Call-ID, From tag or CSeq number `foreign`;
   * none of them reaches a transaction.
   */
  receiveResponse(response: SipResponse, _flow?: Flow): ReceivedResponse {
    const error = unreadableResponseKeys(response);
    if (error !== undefined) return { kind: 'malformed', error };
    const branch = response.via.branch;
    if (branch === undefined) return { kind: 'stray' };
    const transaction = this.clientMap?.get(clientTransactionKey(branch, response.cseq.method));
    if (transaction === undefined) return { kind: 'stray' };
    const reason = notAnAnswerTo(transaction.request, response);
    if (reason !== undefined) return { kind: 'foreign', transaction, reason };
    transaction.receiveResponse(response);
    return { kind: 'matched', transaction };
  }

  /**
   * Match a request to a server transaction (RFC 3261 §17.2.3) or create one. What matching
   * reads is read first (`unreadableRequestKeys`): a request broken there is `malformed` and
   * touches no transaction. Nothing else of the request is checked here (the core's §8.2 checks
   * answer the rest). `user`, when given, becomes the new transaction's user; it can also be set later.
   */
  receiveRequest(request: SipRequest, flow: Flow, user?: ServerTransactionUser): ReceivedRequest {
    const error = unreadableRequestKeys(request);
    if (error !== undefined) return { kind: 'malformed', error };
    const isAck = request.method === 'ACK';
    const via = request.via;
    // The key of an RFC 3261 request, made once for the lookup and for the transaction it may create.
    const key = hasMagicCookie(via.branch) ? serverTransactionKey(via, request.method) : undefined;
    const existing = key === undefined ? this.findLegacy(request, isAck ? 'INVITE' : request.method) : this.serverMap?.get(key);
    if (existing !== undefined) {
      const outcome = existing.receiveRequest(request);
      if (outcome === 'ack') return { kind: 'ack', transaction: existing as InviteServerTransaction };
      return { kind: 'retransmission', transaction: existing };
    }
    if (isAck) return { kind: 'ack' };
    return { kind: 'new', transaction: this.createServer(request, flow, user, key) };
  }

  /**
   * The INVITE server transaction a CANCEL targets (RFC 3261 §9.2: §17.2.3 matching as if the
   * CANCEL's method were INVITE), or undefined (the core answers 481), also when the CANCEL's
   * matching fields cannot be read.
   */
  findInviteServerTransaction(cancel: SipRequest): InviteServerTransaction | undefined {
    if (unreadableRequestKeys(cancel) !== undefined) return undefined;
    const found = hasMagicCookie(cancel.via.branch) ? this.serverMap?.get(cancelTargetKey(cancel)) : this.findLegacy(cancel, 'INVITE');
    return found instanceof InviteServerTransaction ? found : undefined;
  }

  /** Stop every timer and drop every transaction, without calling any transaction user. */
  close(): void {
    for (const transaction of this.clientMap?.values() ?? []) transaction.dispose();
    for (const transaction of this.serverMap?.values() ?? []) transaction.dispose();
    for (const transaction of this.legacy?.keys.keys() ?? []) transaction.dispose();
    this.clientMap = undefined;
    this.serverMap = undefined;
    this.legacy = undefined;
  }

  private findLegacy(request: SipRequest, targetMethod: string): ServerTransaction | undefined {
    const candidates = this.legacy?.servers.get(rfc2543Key(targetMethod, request));
    if (candidates === undefined) return undefined;
    return candidates.find((tx) => {
      const original = tx.request;
      return original !== undefined && matchesRfc2543(original, request, tx instanceof InviteServerTransaction ? tx.finalResponse : undefined, targetMethod);
    });
  }

  /** `rfc3261Key`: the request's key (RFC 3261 §17.2.3); undefined for an RFC 2543 request, which is filed by its fields. */
  private createServer(request: SipRequest, flow: Flow, user: ServerTransactionUser | undefined, rfc3261Key: string | undefined): ServerTransaction {
    const legacy = rfc3261Key === undefined;
    const key = rfc3261Key ?? `rfc2543\n${request.callId}\n${++this.legacyCount}`;
    const transaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, flow, this, user, legacy)
        : new NonInviteServerTransaction(key, request, flow, this, user, legacy);
    if (legacy) {
      const legacyKey = rfc2543Key(request.method, request);
      const index = (this.legacy ??= { servers: new Map(), keys: new Map() });
      const list = index.servers.get(legacyKey) ?? [];
      list.push(transaction);
      index.servers.set(legacyKey, list);
      index.keys.set(transaction, legacyKey);
    } else {
      (this.serverMap ??= new Map()).set(key, transaction);
    }
    return transaction;
  }

  private forget(transaction: Transaction<string>): void {
    // An emptied map goes too: an idle UA keeps none between its registration refreshes.
    if (this.clientMap?.get(transaction.id) === transaction) {
      this.clientMap.delete(transaction.id);
      if (this.clientMap.size === 0) this.clientMap = undefined;
      return;
    }
    if (this.serverMap?.get(transaction.id) === transaction) {
      this.serverMap.delete(transaction.id);
      if (this.serverMap.size === 0) this.serverMap = undefined;
      return;
    }
    const index = this.legacy;
    const legacyKey = index?.keys.get(transaction);
    if (index === undefined || legacyKey === undefined) return;
    index.keys.delete(transaction);
    const remaining = (index.servers.get(legacyKey) ?? []).filter((tx) => tx !== transaction);
    if (remaining.length === 0) index.servers.delete(legacyKey);
    else index.servers.set(legacyKey, remaining);
  }
}
