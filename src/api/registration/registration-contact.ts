import { contactOnUri, toContact, toUri, type UriInput } from '../../core/index.js';
import type { ContactHeader, URI } from '../../syntax/index.js';
import { isUuid } from '../configuration/instance-id.js';

/** What a UA puts in the Contact of its REGISTERs besides the address itself. */
export interface RegistrationContactOptions {
  /** The contact address, e.g. `sip:h7g4esbg@k3j2l9q0.invalid;transport=ws`. */
  uri: UriInput;
  /** Instance ID, a UUID (legacy `instanceId`, any `uuid:` prefix already stripped), sent as `+sip.instance`. */
  instanceId?: string | undefined;
  /** RFC 5626 flow number (`reg-id`); needs `instanceId`. */
  regId?: number | undefined;
  /** Add the `ob` URI parameter: requests of the dialogs set up with this contact come back over this flow (RFC 5626). */
  outbound?: boolean | undefined;
}

/**
 * The Contact header value a `Registerer` binds, without `expires` (for `RegistererOptions.contact`). RFC 5626 §4.1 and RFC 5627 §4.1: the instance ID
 * goes in `+sip.instance` as the quoted URN `"<urn:uuid:…>"`; RFC 5626 §4.2: `reg-id` only together with
 * `+sip.instance`. Throws TypeError naming a bad input.
 */
export function registrationContact(options: RegistrationContactOptions): string {
  return toContact('contact', registrationContactInput(options)).toString();
}

/**
 * The same Contact as `registrationContact`, in parts (the URI and the parameters) rather than as text: the
 * `Registerer` builds its header from them without formatting and parsing it again (a UA is made by the thousand).
 */
export function registrationContactInput(options: RegistrationContactOptions): { uri: UriInput; params: Record<string, string> } {
  let uri = options.uri;
  if (options.outbound === true) {
    const copy = toUri('contact URI', uri);
    copy.params.set('ob', null);
    uri = copy;
  }
  const params: Record<string, string> = {};
  if (options.instanceId !== undefined) {
    if (!isUuid(options.instanceId)) {
      throw new TypeError(`instanceId must be a UUID (RFC 4122): ${JSON.stringify(options.instanceId)}`);
    }
    params['+sip.instance'] = `<urn:uuid:${options.instanceId}>`;
  }
  if (options.regId !== undefined) {
    if (options.instanceId === undefined) throw new TypeError('regId needs instanceId: reg-id goes with +sip.instance (RFC 5626 §4.2)');
    if (!Number.isInteger(options.regId) || options.regId < 1 || options.regId > 2 ** 31 - 1) {
      throw new RangeError(`regId must be an integer from 1 to 2**31-1 (RFC 5626 §10): ${options.regId}`);
    }
    params['reg-id'] = String(options.regId);
  }
  return { uri, params };
}

/**
 * The Contact a UA binds on its own URI: the header is made anew for each REGISTER (`header()`), from the URI
 * as it is then, so the registerer follows the URI as the UA moves it (a new local port after a reconnection).
 * A registered UA keeps the URI, its instance ID and flow number, not a header with its parameters: about
 * 0.3 KB less for each of the thousands of UAs a process may hold. Throws TypeError or RangeError as
 * `registrationContact` does.
 */
export class RegistrationBinding {
  private readonly instanceId: string | undefined;
  private readonly regId: number | undefined;
  private readonly outbound: boolean;

  constructor(readonly uri: URI, options: Omit<RegistrationContactOptions, 'uri'> = {}) {
    registrationContactInput({ ...options, uri });
    this.instanceId = options.instanceId;
    this.regId = options.regId;
    this.outbound = options.outbound === true;
  }

  /** The Contact header value, without `expires`, on a copy of the URI: the caller may change it. */
  header(): ContactHeader {
    const uri = this.uri.clone();
    if (this.outbound) uri.params.set('ob', null);
    return contactOnUri('contact', uri, registrationContactInput({ uri, instanceId: this.instanceId, regId: this.regId }));
  }
}
