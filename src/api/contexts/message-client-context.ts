import type { ExtraHeaders, UriInput } from '../../core/index.js';
import { ClientContext } from './client-context.js';
import type { ClientContextEnvironment } from './context-environment.js';
import { splitExtraHeaders } from './extra-header-input.js';

/** Options of `ua.message(target, body, options)`. */
export interface MessageClientContextOptions {
  /** Default `text/plain` (legacy). */
  contentType?: string | undefined;
  extraHeaders?: ExtraHeaders | undefined;
}

/** An instant message (RFC 3428 MESSAGE) and its outcome (legacy `SIP.MessageClientContext`, what `ua.message()` returns). */
export class MessageClientContext extends ClientContext {
  readonly body: string;
  readonly contentType: string;

  constructor(env: ClientContextEnvironment, target: UriInput, body: string, options: MessageClientContextOptions = {}) {
    if (typeof body !== 'string') throw new TypeError('body must be a string');
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    const contentType = split.contentType ?? 'text/plain';
    super(env, 'MESSAGE', target, { body, contentType, extraHeaders: split.extraHeaders });
    this.body = body;
    this.contentType = contentType;
  }
}
