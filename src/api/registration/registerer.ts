import { parseExtraHeaders, randomIds, toContact, type ContactInput, type ExtraHeaders } from '../../core/index.js';
import { headerKey, type ContactHeader, type SipRequest, type SipResponse, type URI } from '../../syntax/index.js';
import { Emitter, type Clock, type TimerHandle } from '../../transport/index.js';
import { causes, statusToCause, type Cause } from '../constants/index.js';
import type { RequestSender, SentRequest } from '../../core/index.js';
import { grantedExpires, minExpires } from './binding-in-response.js';
import { RegistrationBinding } from './registration-contact.js';
import { expiryDelayMs, refreshDelayMs } from './refresh-schedule.js';
import type { RegistererEvents } from './registerer-events.js';
import type { RegisterOptions, RegistererOptions, UnregisterOptions } from './registerer-options.js';

/** One REGISTER to send: add or refresh our binding, or remove it (or all of the AOR's). */
type Operation =
  | { kind: 'register'; retriedAfter423: boolean }
  | { kind: 'unregister'; all: boolean; extraHeaders: ExtraHeaders };

interface InFlight {
  operation: Operation;
  request: SipRequest;
  /** Set when `send` returns (an outcome may be reported before that). */
  sent: SentRequest | undefined;
}

const DEFAULT_EXPIRES = 600;

/** Extra headers checked now, so a bad entry throws a TypeError from the caller's call, never later from a timer. */
function checkedExtraHeaders(what: string, lines: ExtraHeaders | undefined): ExtraHeaders {
  const parsed = parseExtraHeaders(lines);
  // The Registerer owns Expires: it must agree with our Contact's expires and change after a 423.
  if (parsed.some((h) => headerKey(h.name) === 'expires')) {
    throw new TypeError(`${what}: Expires is set by the Registerer (use the expires option, legacy registerExpires)`);
  }
  return lines ?? NO_EXTRA_HEADERS;
}

/** The binding a registerer keeps: throws TypeError for `*` or what is no Contact value. */
function ourBinding(input: ContactInput | RegistrationBinding): ContactHeader | RegistrationBinding {
  if (input instanceof RegistrationBinding) return input;
  const contact = toContact('contact', input);
  if (contact.star) throw new TypeError('contact must be our address, not *');
  contact.expires = undefined;
  return contact;
}

// Shared by every registerer without extra headers (a process may hold thousands).
const NO_EXTRA_HEADERS: ExtraHeaders = Object.freeze([]);

/**
 * The registration client of a UA (RFC 3261 §10.2, legacy SIP.js RegisterContext): binds our Contact to the
 * AOR, refreshes before the grant runs out, follows a 423's Min-Expires, removes the binding on request, and
 * registers again after the transport reconnects. One REGISTER is in flight at a time; every REGISTER has the
 * same Call-ID and From tag and a higher CSeq (§10.2.4).
 *
 * Events (`registered`, `unregistered`, `registrationFailed`) carry the legacy `SIP.UA` arguments.
 */
export class Registerer extends Emitter<RegistererEvents> {
  private readonly sender: RequestSender;
  private readonly clock: Clock;
  private readonly aor: URI;
  private readonly registrar: URI;
  /** Our binding: a header of our own, without `expires`, or the UA's Contact URI that makes one per REGISTER. */
  private readonly contact: ContactHeader | RegistrationBinding;
  private readonly baseExtraHeaders: ExtraHeaders;
  private readonly callId: string;
  private readonly fromTag: string;

  /** Seconds asked for; raised for good by a 423's Min-Expires (RFC 3261 §10.2.8). */
  private requestedExpires: number;
  /** Extra headers of the last `register()`, reused by its refreshes (legacy). */
  private registerExtraHeaders: ExtraHeaders = NO_EXTRA_HEADERS;
  /** The CSeq of the last REGISTER sent or answered, whichever is higher (§10.2.4). */
  private cseq = 0;
  private isRegistered = false;
  /** The application wants a binding: `register()` called and no `unregister()` since. */
  private wanted = false;
  private connected: boolean;
  private closed = false;
  private inFlight: InFlight | undefined;
  /** What to send once the REGISTER in flight has ended; the latest request wins. */
  private queued: Operation | undefined;
  private refreshTimer: TimerHandle | undefined;
  private expiryTimer: TimerHandle | undefined;

  constructor(options: RegistererOptions) {
    super();
    const expires = options.expires ?? DEFAULT_EXPIRES;
    if (!Number.isInteger(expires) || expires <= 0) throw new RangeError(`expires must be a positive integer number of seconds: ${expires}`);
    this.sender = options.sender;
    this.clock = options.clock;
    this.aor = options.aor;
    this.registrar = options.registrar;
    this.contact = ourBinding(options.contact);
    this.baseExtraHeaders = checkedExtraHeaders('extraHeaders', options.extraHeaders);
    this.requestedExpires = expires;
    this.connected = options.connected ?? true;
    const ids = options.ids ?? randomIds;
    this.callId = ids.callId();
    this.fromTag = ids.tag();
  }

  /** Whether the registrar holds our binding, as far as we know (legacy `ua.isRegistered()`). */
  get registered(): boolean {
    return this.isRegistered;
  }

  /** The lifetime asked for in the next REGISTER, in seconds (the configured one, or a 423's Min-Expires). */
  get expires(): number {
    return this.requestedExpires;
  }

  /** Whether a REGISTER is in flight or waiting for the one in flight. */
  get pending(): boolean {
    return this.inFlight !== undefined || this.queued !== undefined;
  }

  /**
   * Add or refresh our binding. While a REGISTER is in flight the call is merged into it (a register in flight
   * already asks for the binding; its refreshes use these extra headers) or queued behind it (an un-REGISTER in
   * flight). While the transport is down it waits for `onTransportConnected()`. Throws TypeError for bad
   * extra headers; never throws later.
   */
  register(options: RegisterOptions = {}): void {
    if (this.closed) return;
    this.registerExtraHeaders = checkedExtraHeaders('register extraHeaders', options.extraHeaders);
    this.wanted = true;
    if (!this.connected) return;
    if (this.inFlight !== undefined) {
      this.queued = this.inFlight.operation.kind === 'register' ? undefined : { kind: 'register', retriedAfter423: false };
      return;
    }
    this.dispatch({ kind: 'register', retriedAfter423: false });
  }

  /**
   * Remove our binding (`Contact: <ours>;expires=0`) or, with `all`, every binding of the AOR (`Contact: *`,
   * RFC 3261 §10.2.2); both with `Expires: 0`. Stops refreshing at once; waits for a REGISTER in flight, then
   * goes, and from then on we count as unregistered (legacy: before the answer). Returns whether an un-REGISTER was sent or queued, i.e. whether
   * an `unregistered` event will follow; like legacy, nothing is sent when not registered unless `all`.
   */
  unregister(options: UnregisterOptions = {}): boolean {
    if (this.closed) return false;
    const operation: Operation = {
      kind: 'unregister',
      all: options.all === true,
      extraHeaders: checkedExtraHeaders('unregister extraHeaders', options.extraHeaders),
    };
    this.wanted = false;
    this.clearTimers();
    if (this.inFlight !== undefined) {
      this.queued = operation;
      return true;
    }
    if (!this.connected || (!this.isRegistered && !operation.all)) return false;
    this.dispatch(operation);
    return true;
  }

  /**
   * The UA's transport (re)connected: register again if a binding is wanted, without the application doing
   * anything (the registrar must learn the new flow, RFC 5626 §4.2; legacy re-registers on every connect).
   */
  onTransportConnected(): void {
    if (this.closed) return;
    this.connected = true;
    if (this.wanted && this.inFlight === undefined) this.dispatch({ kind: 'register', retriedAfter423: false });
  }

  /**
   * The UA's transport went down: nothing can be refreshed or sent. A REGISTER in flight fails with
   * `Connection Error`; a binding we held, or an un-REGISTER that cannot finish, ends with
   * `unregistered(undefined, 'Connection Error')` (legacy). A wanted binding is registered again on reconnect.
   */
  onTransportDisconnected(): void {
    if (this.closed) return;
    this.connected = false;
    this.clearTimers();
    const inFlight = this.inFlight;
    const queued = this.queued;
    this.inFlight = undefined;
    this.queued = undefined;
    inFlight?.sent?.stop();
    const wasRegistered = this.isRegistered;
    this.isRegistered = false;
    if (inFlight?.operation.kind === 'register') this.emit('registrationFailed', undefined, causes.CONNECTION_ERROR);
    if (wasRegistered || inFlight?.operation.kind === 'unregister' || queued?.kind === 'unregister') {
      this.emit('unregistered', undefined, causes.CONNECTION_ERROR);
    }
  }

  /**
   * Stop for good: timers cleared, a REGISTER in flight no longer reported, no event after this. It does not
   * unregister (the UA calls `unregister()` first and waits for `unregistered` when it stops gracefully).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    this.inFlight?.sent?.stop();
    this.inFlight = undefined;
    this.queued = undefined;
    this.isRegistered = false;
    this.wanted = false;
  }

  override emit<E extends keyof RegistererEvents>(event: E, ...args: Parameters<RegistererEvents[E]>): boolean {
    return this.closed ? false : super.emit(event, ...args);
  }

  /** Our Contact header value, without `expires`, for the caller to change. */
  private ourContact(): ContactHeader {
    return this.contact instanceof RegistrationBinding ? this.contact.header() : this.contact.clone();
  }

  private dispatch(operation: Operation): void {
    // Legacy: a REGISTER going out replaces any pending refresh; an un-REGISTER also ends the binding's timers
    // and our claim to it at once.
    if (operation.kind === 'unregister') {
      this.clearTimers();
      this.isRegistered = false;
    } else if (this.refreshTimer !== undefined) {
      this.clock.clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
    const expires = operation.kind === 'register' ? this.requestedExpires : 0;
    let contact: ContactHeader | string = '*';
    if (operation.kind === 'register' || !operation.all) {
      contact = this.ourContact();
      contact.expires = expires;
    }
    const extraHeaders = operation.kind === 'register' ? this.registerExtraHeaders : operation.extraHeaders;
    const request = this.sender.create({
      method: 'REGISTER',
      requestUri: this.registrar,
      to: this.aor,
      fromTag: this.fromTag,
      callId: this.callId,
      cseq: ++this.cseq,
      contact,
      extraHeaders: [`Expires: ${expires}`, ...this.baseExtraHeaders, ...extraHeaders],
    });
    const flight: InFlight = { operation, request, sent: undefined };
    this.inFlight = flight;
    const sent = this.sender.send(request, {
      onFinal: (response) => {
        if (this.inFlight === flight) this.finished(flight, response);
      },
      onFailure: (failure) => {
        if (this.inFlight === flight) this.finished(flight, causes[failure]);
      },
    });
    flight.sent = sent;
  }

  /** The REGISTER in flight ended with a final response, or without one (`cause`). */
  private finished(flight: InFlight, outcome: SipResponse | Cause): void {
    this.inFlight = undefined;
    // §10.2.4: continue from the CSeq of the last answer, which may be a digest retry's (CSeq + 1).
    const lastSent = (flight.sent?.request ?? flight.request).cseq.seq;
    this.cseq = Math.max(this.cseq, lastSent, typeof outcome === 'string' ? 0 : outcome.cseq.seq);
    if (flight.operation.kind === 'register') this.registerEnded(flight.operation, outcome);
    else this.unregisterEnded(outcome);
    this.sendQueued();
  }

  private registerEnded(operation: Operation & { kind: 'register' }, outcome: SipResponse | Cause): void {
    if (typeof outcome === 'string') return this.failed(undefined, outcome);
    const status = outcome.status;
    if (status >= 200 && status < 300) return this.accepted(outcome);
    if (status === 423) {
      // §10.2.8: ask again with at least Min-Expires, and keep asking for that; once, so a registrar that
      // keeps answering 423 cannot loop us.
      const minimum = minExpires(outcome);
      if (minimum !== undefined && minimum > 0 && !operation.retriedAfter423) {
        this.requestedExpires = Math.max(this.requestedExpires, minimum);
        if (this.queued === undefined) this.dispatch({ kind: 'register', retriedAfter423: true });
        return;
      }
    }
    this.failed(outcome, statusToCause(status));
  }

  private accepted(response: SipResponse): void {
    const granted = grantedExpires(response, this.ourContact(), this.requestedExpires);
    if (granted === undefined || granted === 0) {
      // The 2xx lists every binding the registrar holds (§10.3 step 8): ours is not among them, or lapses now.
      const wasRegistered = this.isRegistered;
      this.isRegistered = false;
      this.clearTimers();
      if (wasRegistered) this.emit('unregistered', response, causes.EXPIRES);
      else this.emit('registrationFailed', response, causes.EXPIRES);
      return;
    }
    this.isRegistered = true;
    this.clearTimers();
    this.refreshTimer = this.clock.setTimeout(Registerer.refreshDue, refreshDelayMs(granted), this);
    this.expiryTimer = this.clock.setTimeout(Registerer.expiryDue, expiryDelayMs(granted), this);
    this.emit('registered', response);
  }

  /** A REGISTER failed: `registrationFailed`, then `unregistered` too when it was a refresh of a binding we held. */
  private failed(response: SipResponse | undefined, cause: Cause): void {
    const wasRegistered = this.isRegistered;
    this.isRegistered = false;
    this.clearTimers();
    this.emit('registrationFailed', response, cause);
    if (wasRegistered) this.emit('unregistered', response, cause);
  }

  private unregisterEnded(outcome: SipResponse | Cause): void {
    this.isRegistered = false;
    if (typeof outcome === 'string') this.emit('unregistered', undefined, outcome);
    else if (outcome.status >= 200 && outcome.status < 300) this.emit('unregistered', outcome, undefined);
    else this.emit('unregistered', outcome, statusToCause(outcome.status));
  }

  private sendQueued(): void {
    const next = this.queued;
    if (next === undefined || this.inFlight !== undefined || this.closed || !this.connected) return;
    this.queued = undefined;
    this.dispatch(next);
  }

  // The timers' callbacks: one function for every registerer, which the clock hands its registerer
  // (a UA of thousands waiting for its refresh then holds no closure for it).
  private static refreshDue(registerer: Registerer): void {
    registerer.refresh();
  }

  private static expiryDue(registerer: Registerer): void {
    registerer.lapsed();
  }

  private refresh(): void {
    this.refreshTimer = undefined;
    if (this.inFlight === undefined && this.connected) this.dispatch({ kind: 'register', retriedAfter423: false });
  }

  /** The grant ran out before a refresh was answered (legacy: `unregistered` with cause `Expires`). */
  private lapsed(): void {
    this.expiryTimer = undefined;
    if (!this.isRegistered) return;
    this.isRegistered = false;
    this.emit('unregistered', undefined, causes.EXPIRES);
  }

  private clearTimers(): void {
    if (this.refreshTimer !== undefined) this.clock.clearTimeout(this.refreshTimer);
    if (this.expiryTimer !== undefined) this.clock.clearTimeout(this.expiryTimer);
    this.refreshTimer = undefined;
    this.expiryTimer = undefined;
  }
}
