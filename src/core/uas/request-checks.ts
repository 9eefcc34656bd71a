import { SipParseError, type SipRequest } from '../../syntax/index.js';
import { MAGIC_COOKIE } from '../../transaction/index.js';

/** What a UAS accepts; the checks of RFC 3261 §8.2 answer everything else. */
export interface UasPolicy {
  /** Methods the UA handles (ACK and CANCEL are always handled by the core). */
  allowedMethods: readonly string[];
  /** URI schemes the UA serves (RFC 3261 §8.2.2.1). */
  uriSchemes: readonly string[];
  /** Option tags the UA supports (RFC 3261 §8.2.2.3). */
  supported: readonly string[];
  /** Body types the UA understands (RFC 3261 §8.2.3), e.g. `application/sdp`. */
  accept: readonly string[];
  /** Per method, the body types its handler understands when they differ from `accept` (a MESSAGE handler may take any). */
  acceptByMethod?: ReadonlyMap<string, readonly string[]>;
}

/** A rejection the core sends instead of passing the request on. */
export interface Rejection {
  status: number;
  reason?: string;
  headers: Array<[name: string, value: string]>;
}

// RFC 3261 §27.4 and later RFCs' methods: a method outside this set is "not recognised" (501),
// a recognised one the UA does not handle is "not allowed" (405); both carry Allow.
const KNOWN_METHODS = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE']);

function badRequest(reason: string): Rejection {
  return { status: 400, reason: `Bad Request (${reason})`, headers: [] };
}

/** Read the headers every layer relies on; a missing, doubled or malformed one is a 400 (RFC 4475 §3.1.2, §3.3.1, §3.3.8). */
function checkMandatoryHeaders(request: SipRequest): Rejection | undefined {
  try {
    request.checkMandatoryHeaders();
    const via = request.via;
    // RFC 4475 §3.2.1: a branch that is only the magic cookie identifies no transaction.
    if (via.branch === MAGIC_COOKIE) return badRequest('Via branch has no transaction identifier');
    // Every other header the catalogue knows must parse too (RFC 4475 §3.1.2); unknown ones stay raw.
    request.parseHeaders();
    return undefined;
  } catch (error) {
    if (error instanceof SipParseError) return badRequest(error.header ? `invalid or missing ${error.header}` : error.rule);
    throw error;
  }
}

function mediaTypeMatches(pattern: string, type: string): boolean {
  const [pt, ps] = pattern.toLowerCase().split('/');
  const [t, s] = type.toLowerCase().split('/');
  return (pt === '*' || pt === t) && (ps === '*' || ps === s);
}

/**
 * The UAS checks of RFC 3261 §8.2, in the order the RFC gives: malformed requests (400),
 * method (405/501), Request-URI scheme (416), Require (420), body type and encoding (415),
 * and for INVITE an Accept without SDP (406, RFC 4475 §3.3.15). Undefined: the request passes.
 * ACK is never answered; the dialog and transaction checks (481, 482) live with their state.
 */
export function checkRequest(request: SipRequest, policy: UasPolicy): Rejection | undefined {
  if (request.method === 'ACK') return undefined;
  const malformed = checkMandatoryHeaders(request);
  if (malformed) return malformed;
  if (!policy.allowedMethods.includes(request.method) && request.method !== 'CANCEL') {
    const allow: [string, string] = ['Allow', policy.allowedMethods.join(', ')];
    return KNOWN_METHODS.has(request.method) ? { status: 405, headers: [allow] } : { status: 501, headers: [allow] };
  }
  if (!policy.uriSchemes.includes(request.uri.scheme.toLowerCase())) return { status: 416, headers: [] };
  if (request.method === 'CANCEL') return undefined;
  try {
    const unsupported = request.headers('Require').map((r) => r.value).filter((tag) => !policy.supported.includes(tag));
    if (unsupported.length > 0) return { status: 420, headers: [['Unsupported', unsupported.join(', ')]] };
    const contentType = request.body.length > 0 ? request.contentType : undefined;
    const accept = policy.acceptByMethod?.get(request.method) ?? policy.accept;
    if (contentType !== undefined && !accept.some((a) => mediaTypeMatches(a, `${contentType.type}/${contentType.subtype}`))) {
      return { status: 415, headers: [['Accept', accept.join(', ')]] };
    }
    const encodings = request.headers('Content-Encoding').map((e) => e.value.toLowerCase()).filter((e) => e !== 'identity');
    if (encodings.length > 0) return { status: 415, headers: [['Accept-Encoding', 'identity']] };
    if (request.method === 'INVITE' && request.hasHeader('Accept')) {
      const accepts = request.headers('Accept').map((a) => `${a.type}/${a.subtype}`);
      if (!accepts.some((a) => mediaTypeMatches(a, 'application/sdp'))) {
        return { status: 406, headers: [['Accept', 'application/sdp'], ['Warning', '399 sipforge "SDP is the only session description supported"']] };
      }
    }
  } catch (error) {
    if (error instanceof SipParseError) return badRequest(error.header ? `invalid ${error.header}` : error.rule);
    throw error;
  }
  return undefined;
}
