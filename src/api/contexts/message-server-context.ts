import type { SipResponse } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import type { IncomingRequest, RespondOptions, UserAgentCore } from '../../core/index.js';
import { statusToCause } from '../constants/index.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { UA } from '../ua.js';
import type { ServerContextEvents } from './context-events.js';
import { replyOptions, type ReplyOptions } from './reply-options.js';

/**
 * An incoming out-of-dialog MESSAGE (RFC 3428) given to the application (legacy `SIP.ServerContext` of the UA's
 * `message` event): its `body`, `contentType` and `request`; `accept()` answers 2xx (200), `reject()` 300–699
 * (480). The legacy UA answered every MESSAGE 200, so when the application answers nothing while the
 * `message` event runs the UA calls `autoAnswer()`.
 */
export class MessageServerContext extends Emitter<ServerContextEvents> {
  /** The MESSAGE (its typed form is `request.message`). */
  readonly request: LegacyRequest;
  readonly method = 'MESSAGE';
  /** The body as text (UTF-8). */
  readonly body: string;
  /** The Content-Type as sent, `text/plain` when absent (legacy). */
  readonly contentType: string;
  /** Free for the application. */
  data: Record<string, unknown> = {};
  /** The UA the MESSAGE came to (legacy); undefined for a context built on a bare core. */
  readonly ua: UA | undefined;
  private readonly core: UserAgentCore;
  private readonly incoming: IncomingRequest;
  private response: SipResponse | undefined;

  constructor(core: UserAgentCore, incoming: IncomingRequest, ua?: UA) {
    super();
    this.core = core;
    this.incoming = incoming;
    this.ua = ua;
    this.request = LegacyRequest.of(incoming.request);
    this.body = incoming.request.bodyText;
    this.contentType = incoming.request.rawHeader('Content-Type')?.trim() ?? 'text/plain';
  }

  /** The recipient as the sender addressed it: the MESSAGE's To (legacy). */
  get localIdentity(): NameAddrHeader {
    return this.request.to;
  }

  /** The sender: the MESSAGE's From (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return this.request.from;
  }

  /** Legacy spelling of `contentType`. */
  get content_type(): string {
    return this.contentType;
  }

  /** Whether a final response has been sent. */
  get answered(): boolean {
    return this.response !== undefined;
  }

  /** Answer 2xx (default 200 OK). Throws TypeError for bad options, Error when already answered. */
  accept(options: ReplyOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 200, max: 299, defaultStatus: 200, defaultContentType: 'text/plain' });
    const response = this.answer(status, respond);
    this.emit('accepted', LegacyResponse.of(response), response.reason);
    return this;
  }

  /** Answer 300–699 (default 480, legacy); emits `rejected` then `failed`. */
  reject(options: ReplyOptions = {}): this {
    const { status, respond } = replyOptions(options, { min: 300, max: 699, defaultStatus: 480, defaultContentType: 'text/plain' });
    const response = this.answer(status, respond);
    const cause = statusToCause(status);
    const view = LegacyResponse.of(response);
    this.emit('rejected', view, cause);
    this.emit('failed', view, cause);
    return this;
  }

  /** Answer 200 unless the application has answered: what the UA does after its `message` event (legacy). */
  autoAnswer(): void {
    if (!this.answered) this.accept();
  }

  private answer(status: number, respond: RespondOptions): SipResponse {
    if (this.response !== undefined) throw new Error(`the MESSAGE was already answered ${this.response.status}`);
    this.response = this.core.respond(this.incoming, status, respond);
    return this.response;
  }
}
