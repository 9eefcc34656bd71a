import type { ContactInput, ExtraHeaders, IdGenerator } from '../../core/index.js';
import type { URI } from '../../syntax/index.js';
import type { RegistrationBinding } from './registration-contact.js';
import type { Clock } from '../../transport/index.js';
import type { RequestSender } from '../../core/index.js';

/** What a `Registerer` registers, where, and with what. */
export interface RegistererOptions {
  /** Builds and sends the REGISTERs (digest challenges are answered there). */
  sender: RequestSender;
  /** Refresh and expiry timers. */
  clock: Clock;
  /** The address-of-record: the To of every REGISTER (RFC 3261 §10.2). From is the sender's default, the UA's address. */
  aor: URI;
  /** The Request-URI: the registrar's domain, without user part (RFC 3261 §10.2). */
  registrar: URI;
  /**
   * Our binding, without `expires` (the Registerer adds it): e.g. the value `registrationContact()` builds,
   * with `+sip.instance`, `reg-id` and `;ob` when configured, or a `RegistrationBinding` on the UA's own
   * Contact URI, which follows that URI. Throws TypeError at construction when unusable.
   */
  contact: ContactInput | RegistrationBinding;
  /** Requested binding lifetime in seconds (legacy `registerExpires`, default 600); raised by a 423's Min-Expires. */
  expires?: number | undefined;
  /** Extra header lines sent with every REGISTER, before those given to `register()` / `unregister()`. */
  extraHeaders?: ExtraHeaders | undefined;
  /**
   * Whether the transport is up now (default true). While it is down nothing is sent: `register()` is kept
   * until `onTransportConnected()`.
   */
  connected?: boolean | undefined;
  /** Source of the Call-ID and From tag kept for every REGISTER; random unless a test injects its own. */
  ids?: Pick<IdGenerator, 'callId' | 'tag'> | undefined;
}

/** Options of `Registerer.register()` (legacy `ua.register(options)`). */
export interface RegisterOptions {
  /** Extra header lines for this REGISTER and its refreshes (they replace those of an earlier `register()`). */
  extraHeaders?: ExtraHeaders | undefined;
}

/** Options of `Registerer.unregister()` (legacy `ua.unregister(options)`). */
export interface UnregisterOptions {
  /** Remove every binding of the AOR: `Contact: *` with `Expires: 0` (RFC 3261 §10.2.2). */
  all?: boolean | undefined;
  /** Extra header lines for this un-REGISTER only. */
  extraHeaders?: ExtraHeaders | undefined;
}
