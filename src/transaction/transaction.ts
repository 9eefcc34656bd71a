import type { SipRequest, SipResponse } from '../syntax/index.js';
import type { Clock, TimerHandle } from '../transport/clock.js';
import type { TransportError } from '../transport/transport.js';
import { toTransportError, type Flow } from './flow.js';
import type { TimerSettings } from './timer-settings.js';

// One string per method of RFC 3261 and its extensions: a transaction kept for Timer L or J holds
// the shared one, not a copy cut from its request.
const METHODS: ReadonlyMap<string, string> = new Map(
  ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE'].map((m) => [m, m]),
);

/** What a transaction needs from the layer that owns it. */
export interface TransactionContext {
  clock: Clock;
  timers: TimerSettings;
  /** Called once when the transaction reaches Terminated, so the layer forgets it (RFC 3261 §17.1.1.2: destroyed at once). */
  terminated(transaction: Transaction<string>): void;
  /** A transaction user's callback threw; the transaction has carried on as if it had returned. */
  userFailed(error: unknown, transaction: Transaction<string>): void;
}

/**
 * What the four state machines share: the method, the flow, named timers on the injected
 * clock, sending with transport errors reported back, and the move to Terminated. Each
 * subclass decides how long it keeps the request itself.
 */
export abstract class Transaction<S extends string> {
  /** The matching key the layer files this transaction under. */
  readonly id: string;
  /** The method of the request that created the transaction. */
  readonly method: string;
  readonly flow: Flow;
  protected readonly context: TransactionContext;
  private current: S | 'Terminated';
  /**
   * The running timers as name, handle pairs, made at the first timer: a transaction runs one or
   * two at a time, and a Map would weigh more than the rest of a transaction kept for Timer L or J.
   */
  private running: Array<string | TimerHandle> | undefined;
  /** Lets the transport close the flow's connection as idle again (RFC 3261 §18: kept while a transaction uses it). */
  private readonly releaseFlow: (() => void) | undefined;

  protected constructor(id: string, request: SipRequest, flow: Flow, context: TransactionContext, initial: S) {
    this.id = id;
    this.method = METHODS.get(request.method) ?? request.method;
    this.flow = flow;
    this.context = context;
    this.current = initial;
    this.releaseFlow = flow.transport.retain?.(flow.peer);
  }

  get state(): S | 'Terminated' {
    return this.current;
  }

  /** Whether the flow's transport is reliable (no retransmissions, zero wait timers). */
  get reliable(): boolean {
    return this.flow.transport.reliable;
  }

  protected get settings(): TimerSettings {
    return this.context.timers;
  }

  protected enter(state: S): void {
    this.current = state;
  }

  /** (Re)start a named timer; a running timer of that name is replaced. When it fires, `timerFired(name)` runs. */
  protected startTimer(name: string, ms: number): void {
    this.stopTimer(name);
    const handle = this.context.clock.setTimeout(Transaction.firer(name), ms, this as Transaction<string>);
    // Exactly sized: a `push` that grows an array reserves 16 more slots, kept for Timer L or J.
    this.running = this.running === undefined ? [name, handle] : this.running.concat([name, handle]);
  }

  /** What the timer `name` does when it fires, unless the transaction has ended. */
  protected abstract timerFired(name: string): void;

  // One function per timer name for every transaction, handed the transaction by the clock: a timer
  // costs no closure of its own (a UAS keeps two timers for 32 s after every call, Timers L and J).
  private static readonly firers = new Map<string, (transaction: Transaction<string>) => void>();

  private static firer(name: string): (transaction: Transaction<string>) => void {
    let fire = Transaction.firers.get(name);
    if (fire === undefined) {
      fire = (transaction) => transaction.timerDue(name);
      Transaction.firers.set(name, fire);
    }
    return fire;
  }

  private timerDue(name: string): void {
    this.forgetTimer(name);
    if (this.current !== 'Terminated') this.timerFired(name);
  }

  protected stopTimer(name: string): void {
    const handle = this.forgetTimer(name);
    if (handle !== undefined) this.context.clock.clearTimeout(handle);
  }

  /** Take the timer `name` off the running list; its handle, if it was there. */
  private forgetTimer(name: string): TimerHandle {
    const running = this.running;
    if (running === undefined) return undefined;
    for (let i = 0; i < running.length; i += 2) {
      if (running[i] !== name) continue;
      const handle = running[i + 1];
      this.running = running.length === 2 ? undefined : running.slice(0, i).concat(running.slice(i + 2));
      return handle;
    }
    return undefined;
  }

  /**
   * Pass a message to the transport. A failure, synchronous or not, is a transport error of
   * this transaction (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2) unless it has ended.
   */
  protected transmit(message: SipRequest | SipResponse): void {
    let sending: Promise<void>;
    try {
      sending = this.flow.transport.send(message, this.flow.peer);
    } catch (error) {
      sending = Promise.reject(error);
    }
    sending.catch((error: unknown) => {
      if (this.current !== 'Terminated') this.transportFailed(toTransportError(error, this.flow));
    });
  }

  /** A send failed while the transaction was alive. */
  protected abstract transportFailed(error: TransportError): void;

  /** Tell the transaction user the transaction is over. */
  protected abstract notifyTerminated(): void;

  /**
   * Enter Terminated: stop every timer and leave the layer, then tell the user — first what
   * ended the transaction (`report`: a timeout, a transport error), then that it is over.
   */
  protected terminate(report?: () => void): void {
    if (this.current === 'Terminated') return;
    this.dispose();
    this.context.terminated(this);
    if (report !== undefined) this.tellUser(report);
    this.tellUser(() => this.notifyTerminated());
  }

  /**
   * Call the transaction user. What it throws goes to the layer (`userFailed`), never back into
   * the state machine: the transaction has already moved on, and the caller is a network
   * callback or a timer, where an exception would only crash the process.
   */
  protected tellUser(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.context.userFailed(error, this);
    }
  }

  /** Stop every timer and mark the transaction Terminated without telling anyone (used by TransactionLayer.close). */
  dispose(): void {
    this.releaseFlow?.();
    this.current = 'Terminated';
    const running = this.running ?? [];
    this.running = undefined;
    for (let i = 1; i < running.length; i += 2) this.context.clock.clearTimeout(running[i]);
  }
}
