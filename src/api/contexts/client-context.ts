import type { SipRequest, SipResponse, URI } from '../../syntax/index.js';
import { Emitter } from '../../transport/index.js';
import { toUri, type ExtraHeaders, type UriInput } from '../../core/index.js';
import { C, statusToCause } from '../constants/index.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { SentRequest } from '../../core/index.js';
import type { UA } from '../ua.js';
import type { ClientContextEnvironment } from './context-environment.js';
import type { ClientContextEvents } from './context-events.js';
import { splitExtraHeaders } from './extra-header-input.js';

/** Options of `ua.request(method, target, options)`. */
export interface ClientContextOptions {
  body?: string | undefined;
  /** Required with a body; a legacy `Content-Type: …` line in `extraHeaders` is taken as it. */
  contentType?: string | undefined;
  /** `['Name: value', …]`: token names, no CR or LF anywhere. */
  extraHeaders?: ExtraHeaders | undefined;
}

/**
 * A request sent outside a dialog and its outcome (legacy `SIP.ClientContext`, what `ua.request()` returns).
 * The request is built, and every input checked, in the constructor: a bad target, method, header line or
 * content type throws TypeError before anything is sent. `send()` sends it; then `progress`, `accepted` or
 * `rejected` + `failed`, or `failed` alone (timeout, transport error), report what came back.
 */
export class ClientContext extends Emitter<ClientContextEvents> {
  readonly method: string;
  readonly target: URI;
  /** Free for the application. */
  data: Record<string, unknown> = {};
  /** The UA that sends it (legacy); undefined for a context built on a bare core. */
  readonly ua: UA | undefined;
  private readonly env: ClientContextEnvironment;
  private readonly built: SipRequest;
  private sent: SentRequest | undefined;
  private finished = false;

  constructor(env: ClientContextEnvironment, method: string, target: UriInput, options: ClientContextOptions = {}) {
    super();
    // An INVITE needs its 2xx acknowledged and its dialog kept: that is InviteClientContext (ua.invite()).
    if (method === 'INVITE') throw new TypeError('an INVITE is sent with ua.invite(), which acknowledges its 2xx (RFC 3261 §13.2.2.4)');
    if (options.body !== undefined && typeof options.body !== 'string') throw new TypeError('body must be a string');
    this.env = env;
    this.ua = env.ua;
    this.method = method;
    this.target = toUri('target', target);
    const { extraHeaders, contentType } = splitExtraHeaders(options.extraHeaders, options.contentType);
    this.built = env.sender.create({ method, to: this.target, body: options.body, contentType, extraHeaders });
  }

  /** The request as last sent: the one built, or its authenticated retry (its typed form is `request.message`). */
  get request(): LegacyRequest {
    return LegacyRequest.of(this.sent?.request ?? this.built);
  }

  /** Who sends it: the request's From (legacy). */
  get localIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.built).from;
  }

  /** To whom: the request's To (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.built).to;
  }

  /** Send the request (once; a second call does nothing). */
  send(): this {
    if (this.sent !== undefined) return this;
    this.sent = this.env.sender.send(this.built, {
      onProvisional: (response) => this.emit('progress', LegacyResponse.of(response), response.reason),
      onFinal: (response) => this.receiveFinal(response),
      onFailure: (cause) => {
        this.finished = true;
        this.emit('failed', undefined, C.causes[cause]);
      },
    });
    return this;
  }

  /**
   * Stop reporting and emit `cancel` (legacy). No CANCEL goes out: RFC 3261 §9.1 says a non-INVITE request
   * SHOULD NOT be cancelled, and its transaction ends on its own. Nothing happens once a final outcome came.
   */
  cancel(): this {
    if (this.finished) return this;
    this.finished = true;
    this.sent?.stop();
    this.emit('cancel');
    return this;
  }

  private receiveFinal(response: SipResponse): void {
    this.finished = true;
    const view = LegacyResponse.of(response);
    if (response.status < 300) {
      this.emit('accepted', view, response.reason);
      return;
    }
    const cause = statusToCause(response.status);
    this.emit('rejected', view, cause);
    this.emit('failed', view, cause);
  }
}
