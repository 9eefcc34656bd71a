import { SipParseError, type ContactHeader, type SipMessage, type SipRequest, type SipResponse, type URI } from '../../syntax/index.js';

/**
 * The route set a message's Record-Route gives (RFC 3261 §12.1.1, §12.1.2): the URIs with all
 * their parameters, in order for a UAS, reversed for a UAC. Empty without Record-Route. A value
 * that does not parse, or is not a SIP or SIPS URI (§16.6 step 4: a proxy records a SIP URI of
 * its own; nothing else can be routed through), is a SipParseError.
 */
export function routeSetOf(message: SipMessage, role: 'uac' | 'uas'): URI[] {
  const uris = message.headers('Record-Route').map((value) => {
    if (!value.uri.isSip) {
      throw new SipParseError(`Record-Route ${value.uri} is not a SIP or SIPS URI (RFC 3261 §16.6)`, { offset: 0, rule: 'Record-Route', header: 'Record-Route' });
    }
    return value.uri.clone();
  });
  return role === 'uac' ? uris.reverse() : uris;
}

/** What a response to a request of ours gives a dialog (RFC 3261 §12.1.2, §13.2.2.4), read without throwing. */
export interface ResponseDialogFields {
  /** The URI of its Contact; undefined without a Contact, or when it is unusable (`defect` says why). */
  remoteTarget: URI | undefined;
  /** Its Record-Route, reversed; undefined when unusable (`defect` says why). */
  routeSet: URI[] | undefined;
  /**
   * Why a dialog cannot be kept with this peer: its Contact is `*`, not a SIP or SIPS URI or does
   * not parse, or its Record-Route cannot be routed through. Undefined when both are usable.
   */
  defect: string | undefined;
}

/**
 * The remote target and route set a response sets up, for a UAC (RFC 3261 §12.1.2). Nothing in
 * the response makes this throw: a peer's broken Contact or Record-Route is reported as a
 * `defect`, for the UAC to acknowledge the response and end the dialog (§13.2.2.4).
 */
export function responseDialogFields(response: SipResponse): ResponseDialogFields {
  const defects: string[] = [];
  const read = <T>(field: () => T): T | undefined => {
    try {
      return field();
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      defects.push(error.message);
      return undefined;
    }
  };
  const routeSet = read(() => routeSetOf(response, 'uac'));
  const remoteTarget = read(() => remoteTargetOf(response));
  return { remoteTarget, routeSet, defect: defects.length === 0 ? undefined : defects.join('; ') };
}

/**
 * The remote target a message's Contact gives (RFC 3261 §12.1.1, §12.1.2, §12.2): the URI of
 * its first value, undefined without Contact. A `*` or a URI that is not sip: or sips: cannot
 * be a target (§8.1.1.8); that is a semantic error in the message, reported as SipParseError
 * so that a UAS can answer 400.
 */
export function remoteTargetOf(message: SipMessage): URI | undefined {
  const contact = message.contact[0];
  if (contact === undefined) return undefined;
  if (contact.uri === undefined || !contact.uri.isSip) {
    throw new SipParseError(`Contact ${contact} is not a SIP or SIPS URI (RFC 3261 §8.1.1.8)`, {
      offset: 0,
      rule: 'Contact',
      header: 'Contact',
    });
  }
  return contact.uri.clone();
}

/**
 * The "secure" flag of RFC 3261 §12.1.1, §12.1.2: the request went over TLS (its top Via
 * names the hop's transport) and its Request-URI is sips:.
 */
export function isSecure(request: SipRequest): boolean {
  const transport = request.via.transport.toUpperCase();
  return request.uri.scheme.toLowerCase() === 'sips' && (transport === 'TLS' || transport === 'WSS');
}

const isSips = (uri: URI | undefined): boolean => uri?.scheme.toLowerCase() === 'sips';

/**
 * The Contact a UAS puts in the responses that establish a dialog (RFC 3261 §12.1.1): its own, made
 * a SIPS URI when the request's Request-URI is one, or its top Record-Route is one, or — without
 * Record-Route — its Contact is one (every hop of such a dialog must be secure, §26.2.2).
 */
export function uasContactFor(request: SipRequest, contact: ContactHeader): ContactHeader {
  const recordRoute = request.headers('Record-Route')[0];
  const secure = isSips(request.uri) || (recordRoute === undefined ? isSips(request.contact[0]?.uri) : isSips(recordRoute.uri));
  if (!secure || contact.uri === undefined || isSips(contact.uri)) return contact;
  const sips = contact.clone();
  sips.uri!.scheme = 'sips';
  return sips;
}
