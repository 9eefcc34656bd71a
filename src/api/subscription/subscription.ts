import { toUri, type UriInput } from '../../core/index.js';
import { OutgoingSubscription, type SubscriptionCause, type SubscriptionEnvironment, type SubscriptionState } from '../../session/index.js';
import { EventHeader, SipParseError, SipRequest, type URI } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import { causes, statusToCause, type Cause } from '../constants/index.js';
import { splitExtraHeaders } from '../contexts/extra-header-input.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import { acceptFor } from './package-accept.js';
import type { SubscriptionEvents } from './subscription-events.js';
import type { SubscriptionOptions } from './subscription-options.js';

const DEFAULT_EXPIRES = 3600;
const MAX_EXPIRES = 2 ** 32 - 1;

function checkedEvent(event: unknown): string {
  if (typeof event !== 'string' || event.trim() === '') throw new TypeError('event must name an event package, e.g. "presence"');
  try {
    EventHeader.parse(event);
  } catch (error) {
    if (error instanceof SipParseError) throw new TypeError(`event "${event}" is not an Event header value (RFC 6665 §8.2.1)`);
    throw error;
  }
  return event.trim();
}

function checkedExpires(expires: unknown): number {
  if (expires === undefined) return DEFAULT_EXPIRES;
  if (typeof expires !== 'number' || !Number.isInteger(expires) || expires < 0 || expires > MAX_EXPIRES) {
    throw new TypeError(`expires must be a whole number of seconds from 0 to ${MAX_EXPIRES}`);
  }
  return expires;
}

/**
 * A subscription to `event` at `target` (legacy `SIP.Subscription`, what `ua.subscribe()` returns): the
 * legacy face of an `OutgoingSubscription` (session layer), which sends the SUBSCRIBE, keeps the dialog,
 * answers and reads the NOTIFYs, refreshes, and unsubscribes. Inputs are checked, and the SUBSCRIBE
 * built, in the constructor. States `init` → `notify_wait` → `pending` / `active` → `terminated`.
 */
export class Subscription extends Emitter<SubscriptionEvents> {
  readonly ua: UA | undefined;
  readonly target: URI;
  readonly event: string;
  /** Free for the application (legacy). */
  data: Record<string, unknown> = {};
  /** The session-layer subscription underneath. */
  readonly subscription: OutgoingSubscription;

  constructor(env: SubscriptionEnvironment & { ua?: UA | undefined }, target: UriInput, event: string, options: SubscriptionOptions = {}) {
    super();
    this.ua = env.ua;
    this.target = toUri('target', target);
    this.event = checkedEvent(event);
    const expires = checkedExpires(options.expires);
    if (options.body !== undefined && typeof options.body !== 'string') throw new TypeError('body must be a string');
    const { extraHeaders, contentType } = splitExtraHeaders(options.extraHeaders, options.contentType);
    const accept = options.accept === undefined ? acceptFor(this.event) : [...options.accept];
    this.subscription = new OutgoingSubscription(env, {
      target: this.target,
      event: this.event,
      expires,
      accept,
      extraHeaders: [...(extraHeaders ?? [])],
      body: options.body,
      contentType,
    });
    this.listen();
  }

  /** Legacy `state`: init, notify_wait, pending, active, terminated. */
  get state(): SubscriptionState {
    return this.subscription.state;
  }

  /** The Call-ID and From tag of the SUBSCRIBE (changes when the subscription is made again). */
  get id(): string {
    const request = this.subscription.request;
    return request.callId + (request.from.tag ?? '');
  }

  /** The initial SUBSCRIBE as last sent (its typed form is `request.message`). */
  get request(): LegacyRequest {
    return LegacyRequest.of(this.subscription.request);
  }

  get localIdentity(): NameAddrHeader {
    return this.request.from;
  }

  get remoteIdentity(): NameAddrHeader {
    return this.request.to;
  }

  /** The dialog, once made. */
  get dialog() {
    return this.subscription.dialog;
  }

  /** Send the SUBSCRIBE (refresh when already active; nothing while waiting for the first NOTIFY). */
  subscribe(): this {
    this.subscription.subscribe();
    return this;
  }

  /** Refresh now, in the dialog (only when pending or active). */
  refresh(): this {
    this.subscription.refresh();
    return this;
  }

  /** SUBSCRIBE with `Expires: 0`; `terminated` follows with the notifier's final NOTIFY (or 64·T1 without one). */
  unsubscribe(): this {
    this.subscription.unsubscribe();
    return this;
  }

  /** Legacy `close()`: unsubscribe (a subscription that never started ends at once). */
  close(): this {
    this.subscription.close();
    return this;
  }

  private listen(): void {
    const sub = this.subscription;
    sub.reportErrorsTo(this);
    const cause = (name: SubscriptionCause | undefined): Cause | undefined => (name === undefined ? undefined : causes[name]);
    sub.on('accepted', (response) => this.emit('accepted', LegacyResponse.of(response), response.reason));
    sub.on('notify', (request, state) => {
      let contentType: string | undefined;
      try {
        const type = request.contentType;
        contentType = type === undefined ? undefined : `${type.type}/${type.subtype}`.toLowerCase();
      } catch {
        // A Content-Type that does not parse: the body is still handed out as text.
      }
      this.emit('notify', { request: LegacyRequest.of(request), ...state, body: request.bodyText, contentType });
    });
    sub.on('rejected', (response) => {
      // Legacy order: failed, then rejected.
      const status = statusToCause(response.status);
      this.emit('failed', LegacyResponse.of(response), status);
      this.emit('rejected', LegacyResponse.of(response), status);
    });
    sub.on('failed', (response, name) => {
      if (response !== undefined && response.status >= 300) return;
      this.emit('failed', response === undefined ? undefined : LegacyResponse.of(response), cause(name) ?? causes.SIP_FAILURE_CODE);
    });
    sub.on('terminated', (message, name) => {
      const view = message === undefined ? undefined : message instanceof SipRequest ? LegacyRequest.of(message) : LegacyResponse.of(message);
      this.emit('terminated', view, cause(name));
    });
  }
}
