import { headerKey, SipMessage, SipParseError, SipResponse, ToHeader, type RawMessageHead, type SipRequest } from '../../syntax/index.js';
import { DIALOG_CREATING_METHODS } from './dialog-creating-methods.js';
import { reasonPhrase } from './reason-phrases.js';

export interface ResponseOptions {
  reason?: string;
  /** The To tag this UAS uses (RFC 3261 §8.2.6.2: added to every response but 100 that lacks one). */
  toTag?: string;
  headers?: Array<[name: string, value: string]>;
  body?: string | Uint8Array;
  contentType?: string;
}

const COPIED = SipResponse.COPIED_FROM_REQUEST;

/**
 * The To of the response: the request's, with `toTag` added unless it already has a tag (then
 * it belongs to a dialog and is copied unchanged). The tag is read from the parsed header, so a
 * `tag` URI parameter inside `<…>` is not mistaken for it. A To that does not parse (the
 * request is being rejected for it) is copied as it came.
 */
function answerTo(to: string, parsed: () => ToHeader | undefined, status: number, toTag: string | undefined): string {
  if (status === 100 || toTag === undefined) return to;
  let header: ToHeader | undefined;
  try {
    header = parsed();
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
  }
  if (header === undefined || header.tag !== undefined) return to;
  // RFC 3261 §20: a parameter after the value is a header parameter, with or without <…>, so the
  // tag can follow the value as it came.
  return `${to};tag=${toTag}`;
}

function finish(response: SipResponse, options: ResponseOptions): SipResponse {
  for (const [name, value] of options.headers ?? []) response.addHeader(name, value);
  if (options.body !== undefined) {
    if (options.contentType !== undefined) response.setHeader('Content-Type', options.contentType);
    response.body = options.body;
  }
  return response;
}

/** Whether a request carries every header a response must copy; without them no client could match an answer. */
export function canAnswer(request: SipRequest): boolean {
  return COPIED.every((name) => request.hasHeader(name));
}

/**
 * Whether a response mirrors the request's Record-Route. RFC 3261 §12.1.1: a response that
 * establishes a dialog — a 2xx, or a 101–199 with a To tag (an early dialog) — MUST copy every
 * Record-Route value, in order, URI and header parameters included, so that the UAC's route set
 * (§12.1.2) leads through the same proxies as the UAS's; a 100 never does (§8.2.6.1, it creates
 * nothing). The answers to requests already inside a dialog (a re-INVITE, an in-dialog NOTIFY)
 * mirror it too: the route set of neither side changes with them (§12.2, §12.2.1.2), so the copy
 * is inert for a compliant peer, while a NOTIFY with a To tag can still be the one that creates
 * the subscriber's dialog (RFC 6665 §4.1.2), and a proxy that Record-Routes in-dialog requests
 * (§16.6 item 4) sees its own value come back as it would for the initial request.
 */
function mirrorsRecordRoute(request: SipRequest, status: number): boolean {
  return status > 100 && status < 300 && DIALOG_CREATING_METHODS.includes(request.method);
}

/**
 * A response to `request` per RFC 3261 §8.2.6: Via, From, To (+tag), Call-ID and CSeq copied raw,
 * and Record-Route copied raw, line by line in order, when the response may establish a dialog
 * (§12.1.1).
 */
export function createResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const response = SipResponse.answering(request, status, options.reason ?? reasonPhrase(status));
  const to = request.rawHeader('To');
  // The UAS checks parsed the request's To already (§8.2); its tag is read from that.
  if (to !== undefined) response.setHeader('To', answerTo(to, () => request.header('To'), status, options.toTag));
  if (mirrorsRecordRoute(request, status)) {
    for (const value of request.rawHeaders('Record-Route')) response.addHeader('Record-Route', value);
  }
  return finish(response, options);
}

/**
 * A response built from the raw head of a request that could not be parsed (a 400 or 505
 * for a broken message). Undefined when it lacks what a response must copy, or when a value
 * it must copy could not be written back as received (a CR or LF in it): then the request is
 * dropped, as there is no way to address an answer (RFC 3261 §8.2.6.2 copies these unchanged).
 */
export function createResponseFromRawHead(head: RawMessageHead, status: number, options: ResponseOptions = {}): SipResponse | undefined {
  if (head.startLine.startsWith('SIP/')) return undefined;
  const copied = new Map<string, string[]>(COPIED.map((name) => [headerKey(name), []]));
  for (const { name, value } of head.headers) copied.get(headerKey(name))?.push(value);
  const response = new SipResponse(status, options.reason ?? reasonPhrase(status));
  for (const name of COPIED) {
    const values = copied.get(headerKey(name))!;
    if (values.length === 0 || !values.every(SipMessage.isWritableValue)) return undefined;
    for (const value of values) response.addHeader(name, name === 'To' ? answerTo(value, () => ToHeader.parse(value)[0], status, options.toTag) : value);
  }
  return finish(response, options);
}
