import { parseExtraHeaders, refuseLineBreaks, toContentType, type ExtraHeaders, type RespondOptions } from '../../core/index.js';

/** How the application answers an incoming request (legacy `ServerContext` reply options). */
export interface ReplyOptions {
  statusCode?: number | undefined;
  reasonPhrase?: string | undefined;
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  /** The body's type; each context has its default (text/plain for MESSAGE, application/sdp for INVITE). */
  contentType?: string | undefined;
}

/** Which final or provisional codes an answer may use, the default, and the default body type. */
export interface ReplyRule {
  min: number;
  max: number;
  defaultStatus: number;
  defaultContentType: string;
}

/**
 * The status and core options of an answer, every input checked first (TypeError naming it): a status in
 * the rule's range, a reason phrase and extra headers that cannot inject lines, a media type for the body.
 */
export function replyOptions(options: ReplyOptions, rule: ReplyRule): { status: number; respond: RespondOptions } {
  const status = options.statusCode ?? rule.defaultStatus;
  if (!Number.isInteger(status) || status < rule.min || status > rule.max) {
    throw new TypeError(`statusCode must be an integer from ${rule.min} to ${rule.max}: ${String(status)}`);
  }
  const respond: RespondOptions = {};
  if (options.reasonPhrase !== undefined) {
    refuseLineBreaks('reasonPhrase', options.reasonPhrase);
    respond.reason = options.reasonPhrase;
  }
  if (options.extraHeaders !== undefined && !Array.isArray(options.extraHeaders)) {
    throw new TypeError('extraHeaders must be an array of "Name: value" strings');
  }
  respond.headers = parseExtraHeaders(options.extraHeaders).map(({ name, value }): [string, string] => [name, value]);
  if (options.body !== undefined) {
    if (typeof options.body !== 'string') throw new TypeError('body must be a string');
    respond.body = options.body;
    respond.contentType = toContentType(options.contentType ?? rule.defaultContentType).toString();
  }
  return { status, respond };
}
