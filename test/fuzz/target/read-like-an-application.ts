import { LegacyRequest, LegacyResponse, type SipRequest, type SipResponse } from 'sipforge/node';

/**
 * Read a message handed to application code the way applications do: identity, tags,
 * informational headers, contacts, the body, through the typed model and through the legacy
 * fields SIP.js 0.7 code reads (the UA's events hand out legacy views; the core's handlers the
 * typed message). A read that throws is the library's to contain: RFC 3261 §8 answers or drops
 * what it cannot use before it reaches the application, and DESIGN.md says untrusted input never
 * crashes the process.
 */
export function readLikeAnApplication(received: SipRequest | SipResponse | LegacyRequest | LegacyResponse): number {
  const legacy =
    received instanceof LegacyRequest || received instanceof LegacyResponse ? received : 'status' in received ? LegacyResponse.of(received) : LegacyRequest.of(received);
  const message = legacy.message;
  let seen = 0;
  seen += message.callId.length;
  seen += message.cseq.seq;
  seen += message.from.uri.toString().length + (message.from.tag?.length ?? 0);
  seen += message.to.uri.toString().length + (message.to.tag?.length ?? 0);
  seen += String(message.from.displayName ?? '').length;
  for (const name of ['User-Agent', 'Server', 'Subject', 'Organization', 'Supported', 'Allow', 'Date']) {
    seen += message.hasHeader(name) ? String(message.header(name)).length : 0;
  }
  for (const contact of message.headers('Contact')) seen += contact.toString().length;
  for (const route of message.headers('Record-Route')) seen += route.toString().length;
  seen += message.bodyText.length;
  seen += legacy.call_id.length + (legacy.from_tag?.length ?? 0) + (legacy.to_tag?.length ?? 0) + legacy.body.length;
  seen += String(legacy.getHeader('Subject') ?? '').length;
  seen += legacy.getHeaders('Via').join(',').length;
  seen += legacy.hasHeader('Contact') ? 1 : 0;
  seen += String(legacy.parseHeader('Contact', 0) ?? '').length;
  return seen;
}

/** A stable small number from text, so the application's choices (accept, reject) repeat in a replay. */
export function choiceOf(text: string, options: number): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h % options;
}
