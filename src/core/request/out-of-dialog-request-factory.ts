import { ContactHeader, type SipRequest, type URI } from '../../syntax/index.js';
import { forFromOrTo, toAddress } from './address.js';
import { toContact } from './contact-input.js';
import { createVia } from './create-via.js';
import { parseExtraHeaders } from './extra-headers.js';
import { refuseNonToken } from './line-safety.js';
import type { OutOfDialogRequestFactoryOptions } from './out-of-dialog-request-factory-options.js';
import type { OutOfDialogRequestOptions } from './out-of-dialog-request-options.js';
import { randomIds, type IdGenerator } from './random-ids.js';
import { assembleRequest, checkCallId } from './request-assembly.js';
import { placeRoute } from './route-placement.js';
import { toUri } from './uri-input.js';

// The requests that set up a dialog (RFC 3261 §8.1.1.8; RFC 6665 SUBSCRIBE; RFC 3515 REFER) or a
// registration binding (§10.2) carry the configured Contact.
const CONTACT_METHODS = new Set(['INVITE', 'REGISTER', 'SUBSCRIBE', 'REFER']);

/**
 * Builds requests outside any dialog (RFC 3261 §8.1.1): Request-URI, Via with a new branch,
 * Max-Forwards, the pre-loaded route set (§8.1.1.1, placed as in §12.2.1.1), To without a tag,
 * From with a tag, Call-ID, CSeq, Contact and the optional headers. User input that would
 * corrupt the wire is refused with a TypeError naming it, before anything is built.
 */
// Shared by every factory without a pre-loaded route set (a process may hold thousands of UAs).
const NO_ROUTES: readonly URI[] = Object.freeze([]);

export class OutOfDialogRequestFactory {
  private readonly options: OutOfDialogRequestFactoryOptions;
  private readonly routeSet: readonly URI[];
  private readonly ids: IdGenerator;

  constructor(options: OutOfDialogRequestFactoryOptions) {
    this.options = options;
    const routeSet = options.routeSet ?? NO_ROUTES;
    this.routeSet = routeSet.length === 0 ? NO_ROUTES : routeSet.map((uri, i) => toUri(`routeSet[${i}]`, uri));
    this.ids = options.ids ?? randomIds;
  }

  create(spec: OutOfDialogRequestOptions): SipRequest {
    refuseNonToken('method', spec.method);
    // ACK for a non-2xx answer is built by the INVITE client transaction (§17.1.1.3), ACK for a
    // 2xx by the dialog (§13.2.2.4), CANCEL from the request it cancels (§9.1).
    if (spec.method === 'ACK' || spec.method === 'CANCEL') {
      throw new TypeError(`${spec.method} is not built by the out-of-dialog factory: use Dialog.createAck or createCancel`);
    }
    const to = toAddress('to', spec.to);
    const from = toAddress('from', spec.from);
    const target = spec.requestUri === undefined ? to.uri : toUri('requestUri', spec.requestUri);
    const fromTag = spec.fromTag ?? this.ids.tag();
    refuseNonToken('fromTag', fromTag);
    const callId = checkCallId(spec.callId ?? this.ids.callId());
    const { requestUri, route, strictNextHop } = placeRoute(target, this.routeSet);
    return assembleRequest({
      method: spec.method,
      requestUri,
      via: createVia(this.options.transport, this.ids.branch(), this.options.rport ?? false),
      route,
      strictNextHop,
      // RFC 3261 §8.1.1.2: a request outside a dialog has no To tag. The Request-URI keeps what
      // the To may not carry (§19.1.1): `to.uri` is left as given.
      to: { ...forFromOrTo(to), tag: undefined },
      from: { ...forFromOrTo(from), tag: fromTag },
      callId,
      cseq: { seq: spec.cseq ?? 1, method: spec.method },
      contact: this.contactFor(spec),
      common: this.options,
      extraHeaders: parseExtraHeaders(spec.extraHeaders),
      body: spec,
    });
  }

  private contactFor(spec: OutOfDialogRequestOptions): ContactHeader | undefined {
    if (spec.contact === null) return undefined;
    if (spec.contact !== undefined) return toContact('contact', spec.contact);
    const configured = this.options.contact;
    if (!CONTACT_METHODS.has(spec.method) || configured === undefined) return undefined;
    // Made for each request that needs it, never kept: the REGISTERs of a UA carry the registerer's own
    // Contact, and most UAs of a process send nothing else (about 0.3 KB each).
    return configured instanceof ContactHeader ? configured.clone() : toContact('contact', configured);
  }
}
