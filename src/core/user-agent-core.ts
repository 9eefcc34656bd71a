import { detachedKey, SipParseError, SipRequest, type SipResponse } from '../syntax/index.js';
import { systemClock, type Clock } from '../transport/clock.js';
import { follow, unfollow, type EventRelay, type Following } from '../transport/emitter.js';
import { lastAlike } from '../transport/last-alike.js';
import type { Peer, Transport, TransportError, TransportEvents } from '../transport/transport.js';
import { responseDestination } from '../transport/response-destination.js';
import {
  TransactionLayer,
  type ClientTransaction,
  type ClientTransactionUser,
  type Flow,
  type InviteServerTransaction,
  type ServerTransaction,
  type TimerSettings,
} from '../transaction/index.js';
import { logFault, silentLogger, type CoreLogger } from './core-logger.js';
import { dialogIdOfIncomingRequest, dialogKey, type Dialog } from './dialog/index.js';
import { newTag } from './request/index.js';
import { CoreTransactionLayer } from './core-transaction-layer.js';
import { PendingRequestUser } from './pending-request-user.js';
import type { ServedMethods } from './served-methods.js';
import { TwoXxRetransmitter } from './two-xx-retransmitter.js';
import { canAnswer, checkRequest, createResponse, responseToUnparseable, type Rejection, type ResponseOptions, type UasPolicy } from './uas/index.js';

/** A new request that passed the UAS checks, and the means to answer it. */
export interface IncomingRequest {
  request: SipRequest;
  transaction: ServerTransaction;
  flow: Flow;
  /** The dialog it belongs to (requests with a To tag), already checked by Dialog.receiveRequest. */
  dialog: Dialog | undefined;
  /**
   * The To tag responses carry unless `respond` is given another: the request's own tag
   * inside a dialog, a fresh one outside (RFC 3261 §8.2.6.2). Use it for a dialog this
   * request creates.
   */
  localTag: string;
}

// What a core accepts unless told otherwise (RFC 3261 §8.2.2.1, §8.2.3), one list each for all.
const NONE: readonly string[] = Object.freeze([]);
const DEFAULT_ACCEPT: readonly string[] = Object.freeze(['application/sdp', 'text/plain']);

// The cores of a process are made alike, by the thousand (one per UA), and share their accept lists.
const sharedAccepts = lastAlike<Omit<UasPolicy, 'allowedMethods'>>();

// The URI schemes a core serves unless told otherwise (RFC 3261 §8.2.2.1), one list for all.
const SIP_SCHEMES: readonly string[] = Object.freeze(['sip', 'sips']);

/** Answers a request the core hands out; `core` is the core that received it. */
export type RequestHandler = (incoming: IncomingRequest, core: UserAgentCore) => void;

export interface UserAgentCoreOptions {
  transport: Transport;
  clock?: Clock;
  timers?: Partial<TimerSettings>;
  /** URI schemes served (RFC 3261 §8.2.2.1); default sip and sips. */
  uriSchemes?: readonly string[];
  /** Option tags supported (RFC 3261 §8.2.2.3), also sent in Supported. */
  supported?: readonly string[];
  /** Body types understood (RFC 3261 §8.2.3); default application/sdp and text/plain. */
  accept?: readonly string[];
  logger?: CoreLogger;
}

export interface RespondOptions extends ResponseOptions {
  /** For a 2xx to INVITE: called when no ACK came within 64*T1 (RFC 3261 §13.3.1.4; the session must end). */
  onNoAck?: () => void;
}

// RFC 3261 §8.2.2.2: requests without a To tag that share these with a pending server
// transaction but are not retransmissions of it were merged by a forking proxy (482).
function mergeKey(request: SipRequest): string {
  return detachedKey(' ', request.from.tag ?? '', request.callId, request.cseq.seq, request.method);
}

/** The answer to a request the §8.2 checks refused. */
function rejectionResponse(request: SipRequest, rejection: Rejection, toTag: string): SipResponse {
  return createResponse(request, rejection.status, { ...rejection, toTag });
}

/** The To tag, or undefined when absent or when To does not even parse (the 400 still needs a tag). */
function toTagOf(request: SipRequest): string | undefined {
  try {
    return request.to.tag;
  } catch {
    return undefined;
  }
}

function ackKey(callId: string, seq: number, toTag: string | undefined): string {
  return `${callId} ${seq} ${(toTag ?? '').toLowerCase()}`;
}

const NO_ACCEPTS: ReadonlyMap<string, readonly string[]> = new Map();

/** `dialogs` of a core that never had one. */
const NO_DIALOGS: ReadonlyMap<string, Dialog> = new Map();

/**
 * The UA core of RFC 3261 §8: receives what the transport delivers, runs it through the
 * transaction layer, answers what the UA cannot accept (§8.2), keeps dialogs, retransmits
 * 2xx to INVITE until ACKed, and hands every other new request to the handler of its method.
 */
export class UserAgentCore {
  // What the transport delivers, relayed to the core (`follow`): one table for every core of a process.
  private static readonly TRANSPORT_RELAY: EventRelay<TransportEvents, UserAgentCore> = {
    message(message, from) {
      this.guarded(message, from, () => {
        if (message instanceof SipRequest) this.receiveRequest(message, from);
        else this.receiveResponse(message, from);
      });
    },
    malformed(error, _data, from) {
      this.guarded(undefined, from, () => this.receiveMalformed(error, from));
    },
  };

  readonly transactions: TransactionLayer;
  readonly transport: Transport;
  /** The flow of the last request received (`flowOf`). */
  private lastFlow: Flow | undefined;
  // This map and `pending` and `retransmitters` are made at their first entry: a process may hold
  // thousands of idle UAs (an empty Map still takes about 180 bytes), most never in a dialog. Those
  // fields and the handlers below are `declare`d: made at their first assignment, so that an idle
  // core holds no slot for them either.
  private declare dialogTable: Map<string, Dialog> | undefined;
  /** ACKs to 2xx responses (RFC 3261 §13.2.2.4), which belong to a dialog, not a transaction. */
  declare onAck: ((ack: SipRequest, flow: Flow) => void) | undefined;
  /** A CANCEL matched a pending INVITE; the core already answered 200 to the CANCEL and 487 to the INVITE. */
  declare onCancel: ((cancel: SipRequest, invite: InviteServerTransaction) => void) | undefined;
  /**
   * Asked when a request with a To tag matches no dialog, before the 481 of RFC 3261 §12.2.2: a NOTIFY
   * that arrives before the 2xx to our SUBSCRIBE creates the subscriber's dialog (RFC 6665 §4.1.2.4).
   * Returns that dialog, already added (`addDialog`), or undefined for the 481.
   */
  declare onUnknownDialog: ((request: SipRequest) => Dialog | undefined) | undefined;
  /** A response no transaction matched (e.g. a 2xx retransmission after the INVITE transaction ended). */
  declare onStrayResponse: ((response: SipResponse, flow: Flow) => void) | undefined;

  private readonly clock: Clock;
  private readonly logger: CoreLogger;
  /** The methods `serve` gave, all answered by `servedHandler`; shared with other cores. */
  private served: ServedMethods | undefined;
  private servedHandler: RequestHandler | undefined;
  private servedTarget: unknown;
  /** What `handle` gave, method by method, made at the first: it comes before `served`. */
  private declare handlers: Map<string, { handler: RequestHandler; accept: readonly string[] | undefined }> | undefined;
  private readonly accepts: Omit<UasPolicy, 'allowedMethods'>;
  private declare pending: Map<string, ServerTransaction> | undefined;
  private declare retransmitters: Map<string, TwoXxRetransmitter> | undefined;
  // The transport listeners of `start()`, kept to be removed at `close()` (none when it relays).
  private declare following: Following;

  constructor(options: UserAgentCoreOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.transactions = new CoreTransactionLayer({ clock: this.clock, ...(options.timers ? { timers: options.timers } : {}) }, this.logger);
    this.accepts = sharedAccepts({ uriSchemes: options.uriSchemes ?? SIP_SCHEMES, supported: options.supported ?? NONE, accept: options.accept ?? DEFAULT_ACCEPT });
  }

  /** Dialogs this UA takes part in, by `dialogKey` (RFC 3261 §12); in-dialog requests are matched against them. */
  get dialogs(): ReadonlyMap<string, Dialog> {
    return this.dialogTable ?? NO_DIALOGS;
  }

  /** Take part in `dialog`: requests with its identifiers now reach handlers with it. */
  addDialog(dialog: Dialog): void {
    (this.dialogTable ??= new Map()).set(dialog.key, dialog);
  }

  /** Terminate `dialog` and forget it (unless another dialog with the same key replaced it). */
  endDialog(dialog: Dialog): void {
    dialog.terminate();
    if (this.dialogTable?.get(dialog.key) === dialog) this.dialogTable.delete(dialog.key);
  }

  /**
   * Methods answered by a handler, plus ACK and CANCEL, which the core handles, and OPTIONS, which it
   * answers unless a handler does (RFC 3261 §20.5 Allow, §11.2).
   */
  get allowedMethods(): readonly string[] {
    const methods = ['ACK', 'CANCEL', 'OPTIONS', ...(this.served?.methods ?? [])];
    for (const method of this.handlers?.keys() ?? []) if (!methods.includes(method)) methods.push(method);
    return methods;
  }

  /** Built once per set of handlers rather than once per request: every request is checked against it. */
  private policyCache: UasPolicy | undefined;

  private get policy(): UasPolicy {
    this.policyCache ??= { ...this.accepts, allowedMethods: this.allowedMethods, acceptByMethod: this.acceptByMethod() };
    return this.policyCache;
  }

  /** The body types of each method whose handler takes its own: the served table's as is, unless `handle` changed some. */
  private acceptByMethod(): ReadonlyMap<string, readonly string[]> {
    const served = this.served?.accepts ?? NO_ACCEPTS;
    if (this.handlers === undefined) return served;
    const merged = new Map(served);
    for (const [method, { accept }] of this.handlers) {
      if (accept === undefined) merged.delete(method);
      else merged.set(method, accept);
    }
    return merged;
  }

  /**
   * Let `handler` answer every new request of the methods of `methods` that passes the checks, each
   * with the body types the table gives it. A method given to `handle` keeps that handler. `handler`
   * is called with `target` as `this`: a function shared by many cores needs no closure per core.
   */
  serve<T>(methods: ServedMethods, handler: (this: T, incoming: IncomingRequest, core: UserAgentCore) => void, target?: T): this {
    this.served = methods;
    this.servedHandler = handler as RequestHandler;
    this.servedTarget = target;
    this.policyCache = undefined;
    return this;
  }

  /**
   * Let `handler` answer every new request of `method` that passes the checks. `accept` lists the body types
   * this handler understands when they are not the core's `accept` (RFC 3261 §8.2.3: a body of any other
   * type is answered 415 before the handler sees it); the media range of all types hands it every body.
   */
  handle(method: string, handler: RequestHandler, options: { accept?: readonly string[] } = {}): this {
    (this.handlers ??= new Map()).set(method, { handler, accept: options.accept });
    this.policyCache = undefined;
    return this;
  }

  /**
   * Listen to the transport. This is the core's one entry point for what the network sends:
   * whatever happens while a message is handled — a header that turns out malformed, an
   * application handler that throws, a bug — is answered or logged here and never escapes
   * into the transport's callback, where it would end the process (DESIGN.md: untrusted input
   * never crashes the process).
   */
  start(): void {
    const following = follow(this.transport, this, UserAgentCore.TRANSPORT_RELAY);
    if (following !== undefined) this.following = following;
  }

  /** Send a request in a new client transaction to `peer`. */
  send(request: SipRequest, peer: Peer, user: ClientTransactionUser): ClientTransaction {
    return this.transactions.sendRequest(request, { transport: this.transport, peer }, user);
  }

  /** Send an ACK for a 2xx (RFC 3261 §13.2.2.4: outside any transaction). */
  sendAck(ack: SipRequest, peer: Peer): Promise<void> {
    return this.transport.send(ack, peer);
  }

  /** Answer a request the core handed out; a 2xx to INVITE is retransmitted until its ACK. */
  respond(incoming: IncomingRequest, status: number, options: RespondOptions = {}): SipResponse {
    const response = createResponse(incoming.request, status, { ...options, toTag: options.toTag ?? incoming.localTag });
    const sent = incoming.transaction.respond(response);
    if (!sent) this.logger.warn(`response ${status} to ${incoming.request.method} discarded: the transaction already has a final response`);
    if (sent && incoming.request.method === 'INVITE' && status >= 200 && status < 300) {
      const key = ackKey(incoming.request.callId, incoming.request.cseq.seq, response.to.tag);
      const transaction = incoming.transaction;
      const retransmitter = new TwoXxRetransmitter(
        response,
        (r) => transaction.respond(r),
        this.clock,
        this.transactions.timers,
        () => {
          this.retransmitters?.delete(key);
          this.logger.warn(`no ACK for the 2xx to INVITE ${incoming.request.callId} within 64*T1`);
          options.onNoAck?.();
        },
      );
      (this.retransmitters ??= new Map()).set(key, retransmitter);
    }
    return response;
  }

  /** Stop every timer and transaction and stop listening; the transport is the caller's to close. */
  close(): void {
    unfollow(this.transport, this, this.following);
    if (this.following !== undefined) this.following = undefined;
    for (const r of this.retransmitters?.values() ?? []) r.stop();
    this.retransmitters?.clear();
    this.pending?.clear();
    this.transactions.close();
  }

  private guarded(message: SipRequest | SipResponse | undefined, from: Peer, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      const what = message === undefined ? 'a malformed message' : message instanceof SipRequest ? `a ${message.method} request` : `a ${message.status} response`;
      logFault(this.logger, `${what} from ${from.host}:${from.port} dropped after an internal error`, error);
    }
  }

  private sendStateless(response: SipResponse, peer: Peer): void {
    this.transport.send(response, peer).catch((error: TransportError) => this.logger.warn(`stateless ${response.status} not sent: ${error.message}`));
  }

  private receiveMalformed(error: Error, from: Peer): void {
    this.logger.warn(`malformed message from ${from.host}:${from.port}: ${error.message}`);
    if (!(error instanceof SipParseError)) return;
    const response = responseToUnparseable(error);
    if (response !== undefined) this.sendStateless(response, from);
  }

  private receiveRequest(request: SipRequest, from: Peer): void {
    if (!canAnswer(request)) {
      // RFC 4475 §3.3.1: without Call-ID, From or To no answer could be matched by the client.
      this.logger.warn(`request from ${from.host}:${from.port} lacks Call-ID, From or To: dropped`);
      return;
    }
    const flow = this.flowOf(request, from);
    const received = this.transactions.receiveRequest(request, flow);
    switch (received.kind) {
      case 'malformed':
        this.refuseMalformed(request, received.error, flow);
        return;
      case 'retransmission':
        return;
      case 'ack':
        this.receiveAck(request, flow);
        return;
      case 'new':
        this.dispatch(request, received.transaction, flow);
    }
  }

  /** Where answers to `request` go (RFC 3261 §18.2.2); its source when the top Via cannot be read. */
  private flowOf(request: SipRequest, from: Peer): Flow {
    let peer: Peer;
    try {
      peer = responseDestination(request, from);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      peer = from;
    }
    // Requests from one peer share one Flow: each server transaction keeps its own until Timer L or J.
    if (this.lastFlow?.peer !== peer) this.lastFlow = { transport: this.transport, peer };
    return this.lastFlow;
  }

  /**
   * A request the transaction layer could not match (top Via, CSeq, or an RFC 2543 request's
   * Call-ID, From or To unreadable): answered statelessly with the §8.2 checks' 400, which names
   * the header, since no transaction can hold it; an ACK, or a request no response can be
   * built for, is dropped.
   */
  private refuseMalformed(request: SipRequest, error: SipParseError, flow: Flow): void {
    const { peer } = flow;
    this.logger.warn(`${request.method} from ${peer.host}:${peer.port} cannot be matched to a transaction: ${error.message}`);
    // RFC 3261 §8.2.7: a stateless UAS (which this answer is) MUST ignore ACK requests.
    if (request.method === 'ACK') return;
    const rejection = checkRequest(request, this.policy) ?? { status: 400, reason: `Bad Request (invalid ${error.header ?? error.rule})`, headers: [] };
    let response: SipResponse;
    try {
      response = rejectionResponse(request, rejection, toTagOf(request) ?? newTag());
    } catch (buildError) {
      this.logger.warn(`no response could be formed, dropped: ${buildError instanceof Error ? buildError.message : String(buildError)}`);
      return;
    }
    this.sendStateless(response, peer);
  }

  private receiveAck(ack: SipRequest, flow: Flow): void {
    let key: string;
    try {
      key = ackKey(ack.callId, ack.cseq.seq, ack.to.tag);
    } catch {
      this.logger.debug('malformed ACK dropped');
      return;
    }
    const retransmitter = this.retransmitters?.get(key);
    if (retransmitter !== undefined) {
      retransmitter.stop();
      this.retransmitters!.delete(key);
    }
    this.onAck?.(ack, flow);
  }

  private dispatch(request: SipRequest, transaction: ServerTransaction, flow: Flow): void {
    const rejection = checkRequest(request, this.policy);
    const localTag = toTagOf(request) ?? newTag();
    const reply = (status: number, options: ResponseOptions = {}): void => {
      transaction.respond(createResponse(request, status, { toTag: localTag, ...options }));
    };
    if (rejection !== undefined) {
      transaction.respond(rejectionResponse(request, rejection, localTag));
      return;
    }
    if (request.method === 'CANCEL') {
      this.receiveCancel(request, reply);
      return;
    }
    let dialog: Dialog | undefined;
    const id = dialogIdOfIncomingRequest(request);
    if (id !== undefined) {
      dialog = this.dialogTable?.get(dialogKey(id)) ?? this.onUnknownDialog?.(request);
      // RFC 3261 §12.2.2: a request with a To tag that matches no dialog gets 481.
      if (dialog === undefined) {
        reply(481);
        return;
      }
      const verdict = dialog.receiveRequest(request);
      // RFC 3261 §12.2.2: the dialog says why it refuses (500 for a CSeq out of order, 481 once it ended).
      if (!verdict.accepted) {
        this.logger.debug(`${request.method} refused by its dialog: ${verdict.detail}`);
        reply(verdict.status, { reason: verdict.reason });
        return;
      }
    } else {
      const merge = mergeKey(request);
      const other = this.pending?.get(merge);
      if (other !== undefined && other !== transaction) {
        reply(482);
        return;
      }
      const pending = (this.pending ??= new Map());
      pending.set(merge, transaction);
      transaction.user = new PendingRequestUser(pending, merge, this.logger);
    }
    const method = request.method;
    const own = this.handlers?.get(method)?.handler;
    const handler = own ?? (this.served?.has(method) ? this.servedHandler : undefined);
    if (handler === undefined && method !== 'OPTIONS') {
      reply(405, { headers: [['Allow', this.policy.allowedMethods.join(', ')]] });
      return;
    }
    const incoming = { request, transaction, flow, dialog, localTag };
    try {
      if (handler === undefined) this.answerOptions(incoming);
      else handler.call(own === undefined ? this.servedTarget : undefined, incoming, this);
    } catch (error) {
      // An application bug must not leave the peer retransmitting into silence.
      logFault(this.logger, `${request.method} handler failed`, error);
      if (transaction.finalStatus === undefined) reply(500);
    }
  }

  private receiveCancel(cancel: SipRequest, reply: (status: number) => void): void {
    const invite = this.transactions.findInviteServerTransaction(cancel);
    // RFC 3261 §9.2: no matching transaction → 481; otherwise 200 to the CANCEL and, if the
    // INVITE has no final response yet, 487 to it.
    if (invite === undefined) {
      reply(481);
      return;
    }
    reply(200);
    // The transaction keeps its INVITE until the final response.
    const pending = invite.request;
    if (invite.finalStatus === undefined && pending !== undefined) {
      // §8.2.6.2: the 487 carries a To tag, the one of the early dialog a 1xx may have created.
      const toTag = invite.lastResponse?.to.tag ?? newTag();
      invite.respond(createResponse(pending, 487, { toTag }));
      this.onCancel?.(cancel, invite);
    }
  }

  private receiveResponse(response: SipResponse, from: Peer): void {
    const flow: Flow = { transport: this.transport, peer: from };
    try {
      // RFC 3261 §8.1.3.3: a response with more than one Via was not meant for this UA.
      if (response.headers('Via').length !== 1) {
        this.logger.warn(`response ${response.status} with ${response.headers('Via').length} Via values dropped`);
        return;
      }
      response.checkMandatoryHeaders();
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      this.logger.warn(`malformed response dropped: ${error.message}`);
      return;
    }
    const received = this.transactions.receiveResponse(response, flow);
    switch (received.kind) {
      case 'matched':
        return;
      case 'malformed':
        this.logger.warn(`malformed response dropped: ${received.error.message}`);
        return;
      case 'foreign':
        this.logger.warn(`response ${response.status} ${response.cseq.method} dropped: it carries the branch of a request of ours, but ${received.reason}`);
        return;
      case 'stray':
        if (this.onStrayResponse) this.onStrayResponse(response, flow);
        else this.logger.debug(`stray response ${response.status} ${response.cseq.method} dropped`);
    }
  }

  private answerOptions(incoming: IncomingRequest): void {
    // RFC 3261 §11.2: OPTIONS is answered as an INVITE would be, listing capabilities.
    const headers: Array<[string, string]> = [
      ['Allow', this.policy.allowedMethods.join(', ')],
      ['Accept', this.policy.accept.join(', ')],
    ];
    if (this.policy.supported.length > 0) headers.push(['Supported', this.policy.supported.join(', ')]);
    this.respond(incoming, 200, { headers });
  }
}
