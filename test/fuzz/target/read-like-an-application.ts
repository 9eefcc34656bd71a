import type { SipRequest, SipResponse } from 'sipforge/node';

/** What legacy application code calls on a message (added by the legacy-view work; absent before it). */
interface LegacyView {
  getHeader?: (name: string) => unknown;
  getHeaders?: (name: string) => unknown;
  hasHeader?: (name: string) => unknown;
  parseHeader?: (name: string, index?: number) => unknown;
}

/**
 * Read a message handed to application code the way applications do: identity, tags,
 * informational headers, contacts, the body. A read that throws is the library's to contain:
 * RFC 3261 §8 answers or drops what it cannot use before it reaches the application, and
 * DESIGN.md says untrusted input never crashes the process.
 */
export function readLikeAnApplication(message: SipRequest | SipResponse): number {
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
  const legacy = message as unknown as LegacyView;
  seen += String(legacy.getHeader?.('Subject') ?? '').length;
  seen += String(legacy.getHeaders?.('Via') ?? '').length;
  seen += legacy.hasHeader?.('Contact') === true ? 1 : 0;
  seen += String(legacy.parseHeader?.('Contact', 0) ?? '').length;
  return seen;
}

/** A stable small number from text, so the application's choices (accept, reject) repeat in a replay. */
export function choiceOf(text: string, options: number): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h % options;
}
