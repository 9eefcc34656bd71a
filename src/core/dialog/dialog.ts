import { SipParseError, type ContactHeader, type SipRequest, type SipResponse, type URI } from '../../syntax/index.js';
import {
  assembleRequest,
  checkCseq,
  createVia,
  parseExtraHeaders,
  placeRoute,
  randomIds,
  refuseNonToken,
  toContact,
  type Address,
  type IdGenerator,
  type TransportDescriptor,
} from '../request/index.js';
import { dialogKey, tagsEqual, type DialogId } from './dialog-id.js';
import { isSecure, remoteTargetOf, responseDialogFields, routeSetOf } from './dialog-message-fields.js';
import type { DialogOptions, UasDialogOptions } from './dialog-options.js';
import type { DialogRequestVerdict } from './dialog-request-verdict.js';
import type { DialogState } from './dialog-state.js';
import type { InDialogRequestOptions } from './in-dialog-request-options.js';
import { DEFAULT_TARGET_REFRESH_METHODS } from './target-refresh.js';

interface DialogInit {
  id: DialogId;
  state: DialogState;
  localAddress: Address;
  remoteAddress: Address;
  remoteTarget: URI;
  routeSet: URI[];
  localSeq: number | undefined;
  remoteSeq: number | undefined;
  secure: boolean;
  localContact: ContactHeader | undefined;
  options: DialogOptions;
  defect: string | undefined;
}

function addressOf(header: { displayName: string | undefined; uri: URI }): Address {
  return { displayName: header.displayName, uri: header.uri.clone() };
}

function safely(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    // A message whose Call-ID, From or To cannot be read is in no dialog.
    return false;
  }
}

/**
 * A SIP dialog (RFC 3261 §12): its identifier, state, sequence numbers, local and remote URIs,
 * remote target and route set; it builds the requests sent in it (§12.2.1.1) and checks the
 * requests received in it (§12.2.2). Each fork of a request that answers with its own To tag
 * is its own Dialog (§13.2.2.4).
 */
export class Dialog {
  readonly id: DialogId;
  /** `dialogKey(id)`: a string for maps. */
  readonly key: string;
  /** RFC 3261 §12.1: the request went over TLS to a sips: Request-URI. */
  readonly secure: boolean;
  readonly localAddress: Address;
  readonly remoteAddress: Address;
  /** The transport new requests leave on; replace it when the UA moves to another connection. */
  transport: TransportDescriptor;
  private currentState: DialogState;
  private target: URI;
  private routes: URI[];
  private local: number | undefined;
  private remote: number | undefined;
  private readonly localContact: ContactHeader | undefined;
  private readonly options: DialogOptions;
  private readonly ids: IdGenerator;
  private readonly refreshMethods: ReadonlySet<string>;
  private flaw: string | undefined;

  private constructor(init: DialogInit) {
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.currentState = init.state;
    this.localAddress = init.localAddress;
    this.remoteAddress = init.remoteAddress;
    this.target = init.remoteTarget;
    this.routes = init.routeSet;
    this.local = init.localSeq;
    this.remote = init.remoteSeq;
    this.secure = init.secure;
    this.localContact = init.localContact;
    this.options = init.options;
    this.transport = init.options.transport;
    this.ids = init.options.ids ?? randomIds;
    this.refreshMethods = new Set(init.options.targetRefreshMethods ?? DEFAULT_TARGET_REFRESH_METHODS);
    this.flaw = init.defect;
  }

  /**
   * The dialog a UAC gets from a response to its request (RFC 3261 §12.1.2): a 101–199 with a
   * To tag makes it early, a 2xx confirmed (§13.2.2.1, §13.2.2.4). Route set: Record-Route of
   * the response, reversed; remote target: its Contact (the request's To URI when a broken
   * peer sends none); local sequence number: the request's CSeq; remote one empty. A Contact or
   * Record-Route that cannot be used does not throw: the dialog gets a `defect`, the To URI as
   * remote target and, for an unusable Record-Route, an empty route set — enough to send the ACK
   * and the BYE that end it (§13.2.2.4).
   */
  static fromUac(request: SipRequest, response: SipResponse, options: DialogOptions): Dialog {
    const { status } = response;
    if (status < 101 || status > 299) throw new TypeError(`a ${status} response creates no dialog (RFC 3261 §12.1)`);
    const remoteTag = response.to.tag;
    if (status < 200 && remoteTag === undefined) {
      throw new TypeError('a provisional response without a To tag creates no dialog (RFC 3261 §12.1)');
    }
    const localTag = request.from.tag;
    if (localTag === undefined) throw new TypeError('the request has no From tag (RFC 3261 §8.1.1.3)');
    if (response.callId !== request.callId || !tagsEqual(response.from.tag, localTag)) {
      throw new TypeError('the response does not answer this request: Call-ID or From tag differs');
    }
    const localContact = options.localContact === undefined ? request.contact[0]?.clone() : toContact('localContact', options.localContact);
    const fields = responseDialogFields(response);
    return new Dialog({
      id: { callId: request.callId, localTag, remoteTag },
      state: status < 200 ? 'early' : 'confirmed',
      localAddress: addressOf(request.from),
      remoteAddress: addressOf(response.to),
      remoteTarget: fields.remoteTarget ?? request.to.uri.clone(),
      routeSet: fields.routeSet ?? [],
      localSeq: request.cseq.seq,
      remoteSeq: undefined,
      secure: isSecure(request),
      localContact,
      options,
      defect: fields.defect,
    });
  }

  /**
   * The dialog a UAS creates when it answers `request` with a To tag `localTag` (RFC 3261
   * §12.1.1): route set = Record-Route of the request in order; remote target = its Contact
   * (a SipParseError, for a 400, when it has none or an unusable one); remote sequence number
   * = its CSeq; local one empty.
   */
  static fromUas(request: SipRequest, localTag: string, options: UasDialogOptions): Dialog {
    refuseNonToken('localTag', localTag);
    if (request.to.tag !== undefined) throw new TypeError('a request with a To tag is already inside a dialog (RFC 3261 §12.2.2)');
    const remoteTarget = remoteTargetOf(request);
    if (remoteTarget === undefined) {
      throw new SipParseError('a request that creates a dialog must have a Contact (RFC 3261 §8.1.1.8)', {
        offset: 0,
        rule: 'Contact',
        header: 'Contact',
      });
    }
    return new Dialog({
      id: { callId: request.callId, localTag, remoteTag: request.from.tag },
      state: options.state ?? 'confirmed',
      localAddress: addressOf(request.to),
      remoteAddress: addressOf(request.from),
      remoteTarget,
      routeSet: routeSetOf(request, 'uas'),
      localSeq: undefined,
      remoteSeq: request.cseq.seq,
      secure: isSecure(request),
      localContact: options.localContact === undefined ? undefined : toContact('localContact', options.localContact),
      options,
      defect: undefined,
    });
  }

  /**
   * The subscriber's dialog made by a NOTIFY that arrives before any 2xx to our SUBSCRIBE (RFC 6665
   * §4.1.2.4): confirmed, its remote tag the NOTIFY's From tag, the remote target its Contact, the
   * route set its Record-Route in order (the NOTIFY is a request this UA receives, RFC 3261 §12.1.1),
   * the local sequence number the SUBSCRIBE's CSeq. The remote sequence number stays empty: the NOTIFY
   * is then checked in the dialog like any request (`receiveRequest`), which takes its CSeq. A Contact
   * that cannot be a target is a SipParseError (the NOTIFY gets 400).
   */
  static fromNotify(subscribe: SipRequest, notify: SipRequest, options: DialogOptions): Dialog {
    const localTag = subscribe.from.tag;
    if (localTag === undefined) throw new TypeError('the SUBSCRIBE has no From tag (RFC 3261 §8.1.1.3)');
    if (notify.callId !== subscribe.callId || !tagsEqual(notify.to.tag, localTag)) {
      throw new TypeError('the NOTIFY is not for this SUBSCRIBE: Call-ID or To tag differs');
    }
    const remoteTarget = remoteTargetOf(notify);
    if (remoteTarget === undefined) {
      throw new SipParseError('a NOTIFY that creates a dialog must have a Contact (RFC 6665 §4.1.2.4)', { offset: 0, rule: 'Contact', header: 'Contact' });
    }
    const localContact = options.localContact === undefined ? subscribe.contact[0]?.clone() : toContact('localContact', options.localContact);
    return new Dialog({
      id: { callId: subscribe.callId, localTag, remoteTag: notify.from.tag },
      state: 'confirmed',
      localAddress: addressOf(subscribe.from),
      remoteAddress: addressOf(subscribe.to),
      remoteTarget,
      routeSet: routeSetOf(notify, 'uas'),
      localSeq: subscribe.cseq.seq,
      remoteSeq: undefined,
      secure: isSecure(subscribe),
      localContact,
      options,
      defect: undefined,
    });
  }

  get state(): DialogState {
    return this.currentState;
  }

  /**
   * Why this dialog cannot be kept (UAC side, RFC 3261 §12.1.2): the response that created or
   * confirmed it had a Contact that is `*`, not a SIP or SIPS URI or unparseable, or a
   * Record-Route that cannot be routed through. Its owner acknowledges the 2xx and ends the
   * dialog with a BYE (§13.2.2.4). Undefined for a sound dialog.
   */
  get defect(): string | undefined {
    return this.flaw;
  }

  /** The remote target: where requests in the dialog go (RFC 3261 §12.2.1.1). */
  get remoteTarget(): URI {
    return this.target;
  }

  /** The route set, in the order Route lists it. */
  get routeSet(): readonly URI[] {
    return this.routes;
  }

  /** The CSeq of the last request this UA sent in the dialog; undefined until the first (UAS side). */
  get localSeq(): number | undefined {
    return this.local;
  }

  /** The CSeq of the last request the peer sent in the dialog; undefined until the first (UAC side). */
  get remoteSeq(): number | undefined {
    return this.remote;
  }

  /**
   * Early → confirmed, when a 2xx is sent (UAS) or received (UAC). With the UAC's 2xx the route
   * set is recomputed from it, the only state RFC 3261 §13.2.2.4 recomputes, and its Contact
   * becomes the remote target (§12.2.1.2: INVITE is a target refresh request). An unusable
   * Contact or Record-Route leaves the previous value and sets `defect`.
   */
  confirm(response?: SipResponse): void {
    if (this.currentState === 'terminated') throw new Error(`dialog ${this.key} has terminated and cannot be confirmed`);
    if (response !== undefined) {
      if (response.status < 200 || response.status > 299) throw new TypeError(`a ${response.status} response does not confirm a dialog`);
      if (!this.matchesResponse(response)) throw new TypeError('the response is not in this dialog');
      const fields = responseDialogFields(response);
      if (fields.routeSet !== undefined) this.routes = fields.routeSet;
      if (fields.remoteTarget !== undefined) this.target = fields.remoteTarget;
      this.flaw = fields.defect;
    }
    this.currentState = 'confirmed';
  }

  /** The dialog is over (BYE sent or received, §15; the creating request failed, §12.3). */
  terminate(): void {
    this.currentState = 'terminated';
  }

  /**
   * A request inside the dialog (RFC 3261 §12.2.1.1): Request-URI and Route from the remote
   * target and route set (strict routers handled), To and From with the dialog's URIs and
   * tags, the dialog's Call-ID, the local sequence number plus one (1 when empty, §8.1.1.5),
   * a Via with a new branch, and this UA's Contact in target refresh requests.
   */
  createRequest(method: string, options: InDialogRequestOptions = {}): SipRequest {
    refuseNonToken('method', method);
    if (method === 'ACK') throw new TypeError('use createAck(inviteCseq): an ACK reuses the INVITE\'s CSeq (RFC 3261 §13.2.2.4)');
    if (method === 'CANCEL') throw new TypeError('use createCancel(request): a CANCEL copies the request it cancels (RFC 3261 §9.1)');
    if (this.currentState === 'terminated') throw new Error(`dialog ${this.key} has terminated: no ${method} can be sent in it`);
    const seq = checkCseq(this.local === undefined ? 1 : this.local + 1);
    const contact = this.refreshMethods.has(method) ? this.localContact?.clone() : undefined;
    const request = this.build(method, seq, contact, options);
    this.local = seq;
    return request;
  }

  /**
   * A request of this dialog went out again with a higher CSeq than `createRequest` gave it: the
   * authenticated retry of a challenged request (RFC 3261 §22.2 and §8.1.3.5 raise it by one). The
   * local sequence number follows, so that the next request is numbered above it (§12.2.1.1).
   */
  followRetry(request: SipRequest): void {
    if (!this.matchesOwnRequest(request)) throw new TypeError('the request is not in this dialog');
    const seq = request.cseq.seq;
    if (this.local === undefined || seq > this.local) this.local = checkCseq(seq);
  }

  /**
   * The ACK for a 2xx to the INVITE whose CSeq number was `inviteCseq` (RFC 3261 §13.2.2.4):
   * built like any request in the dialog, but with the INVITE's sequence number, and without
   * changing the local one. Credentials of the INVITE go in `extraHeaders`.
   */
  createAck(inviteCseq: number, options: InDialogRequestOptions = {}): SipRequest {
    return this.build('ACK', checkCseq(inviteCseq), undefined, options);
  }

  /**
   * Check a request received in the dialog (RFC 3261 §12.2.2), applying its state changes only
   * when it is accepted: a CSeq not above the remote sequence number is out of order (500);
   * otherwise it becomes the remote sequence number, and a target refresh request's Contact
   * the remote target. ACK and CANCEL carry the INVITE's number and change nothing. Do not pass
   * the request that created a UAS dialog: `fromUas` has taken its CSeq already.
   */
  receiveRequest(request: SipRequest): DialogRequestVerdict {
    if (this.currentState === 'terminated' || !this.matchesRequest(request)) {
      return { accepted: false, status: 481, reason: 'Call/Transaction Does Not Exist', detail: `no dialog ${this.key} for this request` };
    }
    if (request.method === 'ACK' || request.method === 'CANCEL') return { accepted: true, targetRefreshed: false };
    const seq = request.cseq.seq;
    if (this.remote !== undefined && seq <= this.remote) {
      return {
        accepted: false,
        status: 500,
        reason: 'Server Internal Error',
        detail: `CSeq ${seq} is not above the remote sequence number ${this.remote} (RFC 3261 §12.2.2)`,
      };
    }
    let target: URI | undefined;
    try {
      target = this.refreshMethods.has(request.method) ? remoteTargetOf(request) : undefined;
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      // RFC 3261 §12.2.2 with §8.1.1.8: a target refresh whose Contact cannot be a target is malformed.
      return { accepted: false, status: 400, reason: 'Bad Request (unusable Contact)', detail: error.message };
    }
    this.remote = seq;
    if (target !== undefined) this.target = target;
    return { accepted: true, targetRefreshed: target !== undefined };
  }

  /**
   * Apply a response to a request this UA sent in the dialog: a 2xx to the INVITE of an early
   * dialog confirms it (`confirm`); a 2xx to a target refresh request replaces the remote
   * target with its Contact (RFC 3261 §12.2.1.2). Other responses change nothing here; on a 481
   * or 408 §12.2.1.2 says the dialog SHOULD end, which is the session's call (it sends BYE).
   */
  updateFromResponse(response: SipResponse): void {
    if (!this.matchesResponse(response)) throw new TypeError('the response is not in this dialog');
    if (response.status < 200 || response.status > 299) return;
    const method = response.cseq.method;
    if (method === 'INVITE' && this.currentState === 'early') {
      this.confirm(response);
      return;
    }
    if (!this.refreshMethods.has(method)) return;
    // RFC 3261 §12.2.1.2: an unusable Contact leaves the remote target as it was.
    const target = responseDialogFields(response).remoteTarget;
    if (target !== undefined) this.target = target;
  }

  /** Whether a request received by this UA is in this dialog: Call-ID, To tag = local, From tag = remote (§12.2.2). */
  matchesRequest(request: SipRequest): boolean {
    return safely(
      () =>
        request.callId === this.id.callId &&
        tagsEqual(request.to.tag, this.id.localTag) &&
        tagsEqual(request.from.tag, this.id.remoteTag),
    );
  }

  /** Whether a response to a request this UA sent is in this dialog: Call-ID, From tag = local, To tag = remote. */
  matchesResponse(response: SipResponse): boolean {
    return safely(
      () =>
        response.callId === this.id.callId &&
        tagsEqual(response.from.tag, this.id.localTag) &&
        tagsEqual(response.to.tag, this.id.remoteTag),
    );
  }

  /** Whether a request this UA sent is in this dialog: Call-ID, From tag = local, To tag = remote. */
  private matchesOwnRequest(request: SipRequest): boolean {
    return safely(
      () => request.callId === this.id.callId && tagsEqual(request.from.tag, this.id.localTag) && tagsEqual(request.to.tag, this.id.remoteTag),
    );
  }

  private build(method: string, seq: number, contact: ContactHeader | undefined, options: InDialogRequestOptions): SipRequest {
    const { requestUri, route, strictNextHop } = placeRoute(this.target, this.routes);
    return assembleRequest({
      method,
      requestUri,
      via: createVia(this.transport, this.ids.branch(), this.options.rport ?? false),
      route,
      strictNextHop,
      to: { ...this.remoteAddress, tag: this.id.remoteTag },
      from: { ...this.localAddress, tag: this.id.localTag },
      callId: this.id.callId,
      cseq: { seq, method },
      contact,
      common: this.options,
      extraHeaders: parseExtraHeaders(options.extraHeaders),
      body: options,
    });
  }
}
