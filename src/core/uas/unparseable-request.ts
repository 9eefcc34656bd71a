import { MESSAGE_TOO_LARGE, type SipParseError, type SipResponse } from '../../syntax/index.js';
import { newTag } from '../request/index.js';
import { createResponseFromRawHead } from './response-factory.js';

/**
 * The answer to a message that did not parse (RFC 4475 §3.1.2): 505 for another SIP
 * version (RFC 3261 §21.5.6), 513 for one over the transport's size limits (§21.5.7), 400
 * naming the problem otherwise, or undefined when the message was a response or lacks the
 * headers an answer must copy (it is then dropped).
 * The To gets `toTag`, a fresh one by default (RFC 3261 §8.2.6.2: every response but 100).
 */
export function responseToUnparseable(error: SipParseError, toTag: string = newTag()): SipResponse | undefined {
  if (error.head === undefined) return undefined;
  if (error.rule === 'SIP-Version') return createResponseFromRawHead(error.head, 505, { toTag });
  if (error.rule === MESSAGE_TOO_LARGE) return createResponseFromRawHead(error.head, 513, { toTag });
  const what = error.header ?? error.rule;
  return createResponseFromRawHead(error.head, 400, { reason: `Bad Request (malformed ${what})`, toTag });
}
