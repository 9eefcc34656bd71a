import { parseExtraHeaders, toAddress, toUri, type AddressInput, type ExtraHeaders, type RequestSpec, type UriInput } from '../../core/index.js';
import { InviteClientSession, type OutgoingInvite } from '../../session/index.js';
import { quoteString, type URI } from '../../syntax/index.js';
import { InvalidStateError } from '../exceptions.js';
import { LegacyRequest, type NameAddrHeader } from '../legacy-message/index.js';
import type { ByeOptions } from './bye-options.js';
import { callMedia, desugarMediaElement, type CallMediaOptions, type MediaElementOption } from './call-media-options.js';
import { cancelReasonLine, type CancelOptions } from './cancel-reason.js';
import type { InviteClientContextEnvironment } from './context-environment.js';
import type { InviteClientContextEvents } from './context-events.js';
import { SessionContext } from './session-context.js';
import { SessionStatus } from './session-status.js';
import type { TerminateOptions } from './terminate-options.js';

/** Legacy `params` of `ua.invite()`: From and To other than the UA's address and the target. */
export interface InviteParams {
  from_uri?: UriInput | undefined;
  from_displayName?: string | undefined;
  to_uri?: UriInput | undefined;
  to_displayName?: string | undefined;
}

/** Options of `ua.invite(target, options)` (legacy). */
export interface InviteClientContextOptions extends CallMediaOptions {
  extraHeaders?: ExtraHeaders | undefined;
  /**
   * Hide who calls (RFC 3323, RFC 3325): From `"Anonymous" <sip:anonymous@anonymous.invalid>`, `Privacy: id`,
   * and the UA's real address in `P-Preferred-Identity` for the trusted proxy.
   */
  anonymous?: boolean | undefined;
  /** Send no offer: the callee's 2xx carries one and our ACK the answer (RFC 3261 §13.2.1). */
  inviteWithoutSdp?: boolean | undefined;
  params?: InviteParams | undefined;
}

const ANONYMOUS: AddressInput = { uri: 'sip:anonymous@anonymous.invalid', displayName: 'Anonymous' };

/**
 * An outgoing call (legacy `SIP.InviteClientContext`, what `ua.invite()` returns): the legacy face of an
 * `InviteClientSession` (session layer), which does the work — offer/answer with the media handler,
 * forks and early media, CANCEL, Timer C, ACK, re-INVITE, BYE. The INVITE is built, and every input
 * checked, in the constructor; `invite()` makes the offer and sends it. Events: `progress`,
 * `accepted`, `rejected` + `failed` or `failed` alone, `cancel`, `bye`, `hold`/`unhold`,
 * `muted`/`unmuted`, `dtmf`, `info`, and `terminated` once at the end.
 */
export class InviteClientContext extends SessionContext<InviteClientContextEvents> {
  readonly target: URI;
  declare readonly session: InviteClientSession;

  /** `options` may be a media element (legacy): audio, video for a `<video>`, the remote stream played in it. */
  constructor(env: InviteClientContextEnvironment, target: UriInput, given: InviteClientContextOptions | MediaElementOption = {}) {
    const options: InviteClientContextOptions = desugarMediaElement(given);
    const to = toUri('target', target);
    const outgoing = outgoingInvite(env, to, options);
    const session = new InviteClientSession({ ...env, media: callMedia(env.media, options) }, outgoing);
    super(session, outgoing.request.callId + (outgoing.request.from.tag ?? ''), env.ua);
    this.target = to;
    session.reportErrorsTo(this);
    session.on('cancel', () => this.emit('cancel'));
  }

  /** The INVITE as last sent: the one built, or its authenticated retry (its typed form is `request.message`). */
  get request(): LegacyRequest {
    return LegacyRequest.of(this.session.request);
  }

  /** The caller: the INVITE's From (legacy). */
  get localIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.session.request).from;
  }

  /** The callee: the INVITE's To (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.session.request).to;
  }

  /** Make the offer and send the INVITE (once; nothing happens when already sent or cancelled). */
  invite(): this {
    this.session.invite();
    return this;
  }

  /**
   * Give up the call (legacy `cancel({ status_code, reason_phrase, extraHeaders })`; a status adds a Reason
   * header, RFC 3326). Before a provisional response the CANCEL waits for one (RFC 3261 §9.1). Emits `cancel`;
   * the 487 then reports `rejected` + `failed` with CANCELED. Throws InvalidStateError once accepted or ended.
   */
  cancel(options: CancelOptions = {}): this {
    const status = this.status;
    if (status === SessionStatus.STATUS_CONFIRMED || status === SessionStatus.STATUS_TERMINATED) throw new InvalidStateError(status);
    // Checked now so that a bad line throws here, not later when the provisional response arrives.
    const reason = cancelReasonLine(options);
    const lines = [...(options.extraHeaders ?? []), ...(reason === undefined ? [] : [reason])];
    parseExtraHeaders(lines);
    this.session.cancel(lines);
    return this;
  }

  /** End the accepted call with a BYE (RFC 3261 §15.1.1). Throws InvalidStateError before a 2xx or after the end. */
  override bye(options: ByeOptions = {}): this {
    if (this.status !== SessionStatus.STATUS_CONFIRMED) throw new InvalidStateError(this.status);
    return super.bye(options);
  }

  /**
   * End the call whatever its state (legacy `terminate()`): a BYE once it is answered, else a CANCEL (held
   * until a provisional response, RFC 3261 §9.1). Throws InvalidStateError once the call has ended.
   */
  terminate(options: TerminateOptions = {}): this {
    return this.status === SessionStatus.STATUS_CONFIRMED ? this.bye(options) : this.cancel(options);
  }
}

/** The INVITE of a call, built now (inputs checked), and rebuilt with the offer once the media handler made it. */
function outgoingInvite(env: InviteClientContextEnvironment, target: URI, options: InviteClientContextOptions): OutgoingInvite {
  const params = options.params ?? {};
  const identity = env.identity;
  let from: AddressInput | undefined;
  if (options.anonymous === true) from = ANONYMOUS;
  else if (params.from_uri !== undefined || params.from_displayName !== undefined) {
    const uri = params.from_uri ?? identity?.uri;
    if (uri === undefined) throw new TypeError('params.from_displayName needs params.from_uri here (no UA identity)');
    from = { uri, displayName: params.from_displayName ?? identity?.displayName };
  }
  const to: AddressInput =
    params.to_uri !== undefined || params.to_displayName !== undefined ? { uri: params.to_uri ?? target, displayName: params.to_displayName } : target;
  if (options.extraHeaders !== undefined && !Array.isArray(options.extraHeaders)) throw new TypeError('extraHeaders must be an array of "Name: value" strings');
  const extraHeaders = [...(options.extraHeaders ?? [])];
  if (options.anonymous === true) {
    // RFC 3323 §4.2: ask the network to hide our identity; RFC 3325 §9.2: the trusted proxy learns it.
    if (identity === undefined) throw new TypeError('anonymous needs the UA\'s own identity');
    extraHeaders.push('Privacy: id', `P-Preferred-Identity: ${nameAddr(identity)}`);
  }
  // RFC 3262 §4: a UA that requires reliable provisional responses says so in the INVITE.
  if (env.rel100 === 'required') extraHeaders.push('Require: 100rel');
  // Legacy: a UA that requires replaces says so in every INVITE; one that carries a Replaces says so anyway.
  if (env.replaces === 'required' && !extraHeaders.some((line) => /^require\s*:\s*replaces\s*$/i.test(line))) extraHeaders.push('Require: replaces');
  const spec: RequestSpec = { method: 'INVITE', requestUri: target, to, from, extraHeaders };
  const request = env.sender.create(spec);
  return {
    request,
    withoutOffer: options.inviteWithoutSdp === true,
    build: (offer) =>
      env.sender.create({ ...spec, callId: request.callId, fromTag: request.from.tag, body: offer?.body, contentType: offer?.contentType }),
  };
}

function nameAddr(identity: { uri: URI; displayName?: string | undefined }): string {
  const address = toAddress('identity', { uri: identity.uri, displayName: identity.displayName });
  const uri = `<${address.uri.toString()}>`;
  return address.displayName === undefined ? uri : `${quoteString(address.displayName)} ${uri}`;
}
