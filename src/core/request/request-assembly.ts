import {
  CallIdHeader,
  ContactHeader,
  FromHeader,
  Parameters,
  RouteHeader,
  SipParseError,
  SipRequest,
  ToHeader,
  type URI,
  type ViaHeader,
} from '../../syntax/index.js';
import type { Address } from './address.js';
import type { CommonHeaderOptions } from './common-header-options.js';
import type { ExtraHeader } from './extra-headers.js';
import { refuseInvalidHeaderValue } from './header-value.js';
import { refuseLineBreaks, refuseNonToken } from './line-safety.js';
import { checkedBody, type RequestBody } from './request-body.js';
import { recordNextHop } from './request-destination.js';

/** Everything a UAC request is made of, already decided (RFC 3261 §8.1.1 or §12.2.1.1). */
export interface RequestParts {
  method: string;
  requestUri: URI;
  via: ViaHeader;
  route: readonly URI[];
  /** The next hop, recorded for `destinationFor` (see `RoutePlacement.strictNextHop`). */
  strictNextHop?: URI | undefined;
  to: Address & { tag: string | undefined };
  from: Address & { tag: string | undefined };
  callId: string;
  cseq: { seq: number; method: string };
  contact: ContactHeader | undefined;
  common: CommonHeaderOptions;
  extraHeaders: readonly ExtraHeader[];
  body: RequestBody;
}

// RFC 3261 §8.1.1.5: a sequence number is a 32-bit unsigned integer below 2**31.
const MAX_CSEQ = 2 ** 31 - 1;

export function checkCseq(seq: number): number {
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_CSEQ) throw new RangeError(`CSeq must be an integer from 0 to 2**31-1: ${seq}`);
  return seq;
}

/** A Call-ID given by the user, checked against the grammar (RFC 3261 §20.8); throws TypeError. */
export function checkCallId(callId: string): string {
  refuseLineBreaks('callId', callId);
  try {
    CallIdHeader.parse(callId);
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    throw new TypeError(`callId is not a valid Call-ID: ${JSON.stringify(callId)}`, { cause: error });
  }
  return callId;
}

function nameAddrParams(tag: string | undefined): Parameters {
  return tag === undefined ? new Parameters() : Parameters.of({ tag });
}

function checkMaxForwards(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`maxForwards must be an integer from 0 to 255: ${value}`);
  return value;
}

/**
 * Build the request from its parts, in the order RFC 3261's examples use: Via, Max-Forwards,
 * Route, To, From, Call-ID, CSeq, Contact, then the optional headers and the body
 * (Content-Length is always written by the message model).
 */
export function assembleRequest(parts: RequestParts): SipRequest {
  refuseNonToken('method', parts.method);
  const { body, contentType } = checkedBody(parts.body);
  const request = new SipRequest(parts.method, parts.requestUri);
  request.addHeader('Via', parts.via);
  request.addHeader('Max-Forwards', String(checkMaxForwards(parts.common.maxForwards ?? 70)));
  for (const uri of parts.route) {
    request.addHeader('Route', new RouteHeader({ displayName: undefined, uri, params: new Parameters() }));
  }
  const { to, from } = parts;
  request.addHeader('To', new ToHeader({ displayName: to.displayName, uri: to.uri, params: nameAddrParams(to.tag) }));
  request.addHeader('From', new FromHeader({ displayName: from.displayName, uri: from.uri, params: nameAddrParams(from.tag) }));
  request.addHeader('Call-ID', parts.callId);
  request.addHeader('CSeq', `${checkCseq(parts.cseq.seq)} ${parts.cseq.method}`);
  if (parts.contact !== undefined) request.addHeader('Contact', parts.contact);
  const { allow, supported, userAgent } = parts.common;
  if (allow !== undefined && allow.length > 0) {
    allow.forEach((method, i) => refuseNonToken(`allow[${i}]`, method));
    request.addHeader('Allow', allow.join(', '));
  }
  if (supported !== undefined && supported.length > 0) {
    supported.forEach((tag, i) => refuseNonToken(`supported[${i}]`, tag));
    request.addHeader('Supported', supported.join(', '));
  }
  if (userAgent !== undefined) {
    // RFC 3261 §20.41: User-Agent = server-val *(LWS server-val).
    refuseInvalidHeaderValue('userAgent', 'User-Agent', userAgent);
    request.addHeader('User-Agent', userAgent);
  }
  for (const header of parts.extraHeaders) request.addHeader(header.name, header.value);
  if (contentType !== undefined) request.addHeader('Content-Type', contentType);
  if (body !== undefined) request.body = body;
  if (parts.strictNextHop !== undefined) recordNextHop(request, parts.strictNextHop);
  return request;
}
