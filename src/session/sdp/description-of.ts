import type { SipMessage } from '../../syntax/index.js';
import type { SessionDescription, SessionDescriptionHandler } from '../session-description-handler.js';

/** The type of session descriptions when no media handler says otherwise (RFC 3264 on SDP, RFC 4566). */
export const SDP_CONTENT_TYPE = 'application/sdp';

/**
 * The session description a message carries (RFC 3261 §13.2.1: an offer or an answer in the body),
 * or undefined when its body is empty or of a type the handler does not read. Never throws: a
 * Content-Type that does not parse carries no description.
 */
export function descriptionOf(message: SipMessage, media: Pick<SessionDescriptionHandler, 'hasDescription'> | undefined): SessionDescription | undefined {
  try {
    if (message.body.length === 0) return undefined;
    const header = message.contentType;
    if (header === undefined) return undefined;
    const contentType = `${header.type}/${header.subtype}`.toLowerCase();
    const readable = media === undefined ? contentType === SDP_CONTENT_TYPE : media.hasDescription(contentType);
    return readable ? { body: message.bodyText, contentType } : undefined;
  } catch {
    return undefined;
  }
}
