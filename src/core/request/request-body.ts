import { ContentTypeHeader, SipParseError } from '../../syntax/index.js';
import { refuseLineBreaks } from './line-safety.js';

/** A message body and its media type (RFC 3261 §7.4, §20.15). */
export interface RequestBody {
  /** Text (sent as UTF-8) or bytes. */
  body?: string | Uint8Array | undefined;
  /** Content-Type, e.g. `application/sdp` or `text/plain;charset=utf-8`; required with a non-empty body. */
  contentType?: string | undefined;
}

/** The Content-Type value `text` names; throws TypeError when it is not a media type. */
export function toContentType(text: string): ContentTypeHeader {
  refuseLineBreaks('contentType', text);
  try {
    const [value] = ContentTypeHeader.parse(text.trim());
    return value!;
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    throw new TypeError(`contentType is not a media type: ${JSON.stringify(text)} (${error.message})`, { cause: error });
  }
}

/**
 * The Content-Type to send with a body, checked: RFC 3261 §20.15 requires one whenever the
 * body is not empty. An empty body may still name its type.
 */
export function checkedBody(input: RequestBody): { body: string | Uint8Array | undefined; contentType: ContentTypeHeader | undefined } {
  const contentType = input.contentType === undefined ? undefined : toContentType(input.contentType);
  const length = input.body === undefined ? 0 : input.body.length;
  if (length > 0 && contentType === undefined) throw new TypeError('a non-empty body needs a contentType (RFC 3261 §20.15)');
  return { body: input.body, contentType };
}
