import type { SipRequest, SipResponse, URI } from '../../syntax/index.js';
import { Emitter, type TimerHandle } from '../../transport/index.js';
import {
  createCancel,
  Dialog,
  dialogIdOfResponse,
  dialogKey,
  parseExtraHeaders,
  toUri,
  type ExtraHeaders,
  type UriInput,
} from '../../core/index.js';
import type { ClientTransactionUser } from '../../transaction/index.js';
import { C, statusToCause, type Cause } from '../constants/index.js';
import type { DialogUser } from '../dialog-router.js';
import { InvalidStateError } from '../exceptions.js';
import { LegacyRequest, LegacyResponse, type NameAddrHeader } from '../legacy-message/index.js';
import type { SentRequest } from '../request-sender.js';
import type { ByeOptions } from './bye-options.js';
import type { TerminateOptions } from './terminate-options.js';
import type { UA } from '../ua.js';
import { cancelReasonLine, type CancelOptions } from './cancel-reason.js';
import type { InviteClientContextEnvironment } from './context-environment.js';
import type { InviteClientContextEvents } from './context-events.js';
import { splitExtraHeaders } from './extra-header-input.js';
import { SessionStatus, type SessionStatusValue } from './session-status.js';

/** Options of `ua.invite(target, options)` handled here; media options arrive with the session issue. */
export interface InviteClientContextOptions {
  /** The offer, e.g. an SDP text. */
  body?: string | undefined;
  /** Default `application/sdp` when there is a body. */
  contentType?: string | undefined;
  extraHeaders?: ExtraHeaders | undefined;
}

// Where the CANCEL, ACK and BYE transactions report: nothing depends on their answers (RFC 3261 §9.1, §15.1.1).
const IGNORED: ClientTransactionUser = { onResponse: () => undefined, onTimeout: () => undefined, onTransportError: () => undefined };

const CREDENTIAL_HEADERS = ['Authorization', 'Proxy-Authorization'];

// RFC 3326: the BYE that ends a call whose 2xx could not make a dialog says why.
const UNUSABLE_2XX_REASON = 'Reason: SIP;cause=400;text="Unusable Contact or Record-Route in the 2xx"';

/**
 * An outgoing INVITE, at the level of its client transaction and dialog (legacy `SIP.InviteClientContext`,
 * what `ua.invite()` returns). The request is built, and its inputs checked, in the constructor; `invite()`
 * sends it. It reports `progress`, `accepted`, `rejected` + `failed` or `failed` alone; acknowledges every 2xx,
 * retransmissions included (RFC 3261 §13.2.2.4); CANCELs once a provisional response came (§9.1); ends
 * the call with `bye()`, and emits `bye` when the callee ends it.
 *
 * Two things end a call the network leaves hanging. Timer C (§16.6, `timers.timerC`, 3 min by default): when
 * no final response and no non-100 provisional one came for that long, the call fails with NO_ANSWER and is
 * CANCELed — the caller's side of the callee's `noAnswerTimeout`, so both ends report a call nobody took with
 * the same legacy cause (REQUEST_TIMEOUT stays what it is in legacy: no response at all, Timer B). And a 2xx
 * whose Contact or Record-Route cannot make a dialog (`Dialog.defect`) is acknowledged, as every 2xx must be,
 * ended at once with a BYE, and reported as `failed` with that 2xx and DIALOG_ERROR.
 *
 * Left for the session issue: media (offer/answer, the media handler), early dialogs and early media from
 * 1xx with a To tag, PRACK (RFC 3262), re-INVITE, hold, DTMF, REFER, the `terminated` event and the
 * session timers. Only the first 2xx is the call; a 2xx from another fork is acknowledged and ended
 * with a BYE (RFC 3261 §13.2.2.4).
 */
export class InviteClientContext extends Emitter<InviteClientContextEvents> implements DialogUser {
  readonly target: URI;
  readonly method = 'INVITE';
  /** Free for the application. */
  data: Record<string, unknown> = {};
  /** The UA that placed the call (legacy); undefined for a context built on a bare core. */
  readonly ua: UA | undefined;
  /** The session's key in `ua.sessions`: Call-ID and From tag (legacy). */
  readonly id: string;
  /** The confirmed dialog, once a 2xx came. */
  dialog: Dialog | undefined;
  private currentStatus: SessionStatusValue = SessionStatus.STATUS_NULL;
  private readonly env: InviteClientContextEnvironment;
  private readonly built: SipRequest;
  private sent: SentRequest | undefined;
  /** The request a provisional response arrived for: a CANCEL may go out for it (RFC 3261 §9.1). */
  private provisionalFor: SipRequest | undefined;
  /** Header lines of a CANCEL asked for before a provisional response came. */
  private pendingCancel: string[] | undefined;
  private cancelTimer: TimerHandle | undefined;
  private timerC: TimerHandle | undefined;
  /** The ACK sent for each dialog's 2xx, sent again for its retransmissions. */
  private readonly acks = new Map<string, SipRequest>();

  constructor(env: InviteClientContextEnvironment, target: UriInput, options: InviteClientContextOptions = {}) {
    super();
    if (options.body !== undefined && typeof options.body !== 'string') throw new TypeError('body must be a string');
    this.env = env;
    this.ua = env.ua;
    this.target = toUri('target', target);
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    const contentType = split.contentType ?? (options.body === undefined ? undefined : 'application/sdp');
    this.built = env.sender.create({ method: 'INVITE', to: this.target, body: options.body, contentType, extraHeaders: split.extraHeaders });
    this.id = this.built.callId + (this.built.from.tag ?? '');
  }

  /** Legacy `SIP.Session.C` value: NULL, INVITE_SENT, 1XX_RECEIVED, CANCELED, CONFIRMED or TERMINATED here. */
  get status(): SessionStatusValue {
    return this.currentStatus;
  }

  /** The INVITE as last sent: the one built, or its authenticated retry (its typed form is `request.message`). */
  get request(): LegacyRequest {
    return LegacyRequest.of(this.lastInvite);
  }

  /** The caller: the INVITE's From (legacy). */
  get localIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.built).from;
  }

  /** The callee: the INVITE's To (legacy). */
  get remoteIdentity(): NameAddrHeader {
    return LegacyRequest.of(this.built).to;
  }

  private get lastInvite(): SipRequest {
    return this.sent?.request ?? this.built;
  }

  /** Send the INVITE (once; nothing happens when already sent or cancelled). */
  invite(): this {
    if (this.currentStatus !== SessionStatus.STATUS_NULL) return this;
    // Responses arrive later, never inside send(); a send that throws (no server) leaves the status NULL.
    this.sent = this.env.sender.send(this.built, {
      onProvisional: (response) => this.receiveProvisional(response),
      onFinal: (response) => this.receiveFinal(response),
      onLater2xx: (response) => this.receiveLater2xx(response),
      onFailure: (cause) => this.end(undefined, C.causes[cause]),
    });
    this.currentStatus = SessionStatus.STATUS_INVITE_SENT;
    this.startTimerC();
    return this;
  }

  /**
   * Give up the call (legacy `cancel({ status_code, reason_phrase, extraHeaders })`; a status adds a Reason
   * header, RFC 3326). Before a provisional response the CANCEL waits for one (RFC 3261 §9.1). Emits `cancel`;
   * the 487 then reports `rejected` + `failed` with CANCELED. Throws InvalidStateError once accepted or ended.
   */
  cancel(options: CancelOptions = {}): this {
    const status = this.currentStatus;
    if (status === SessionStatus.STATUS_CONFIRMED || status === SessionStatus.STATUS_TERMINATED) throw new InvalidStateError(status);
    if (status === SessionStatus.STATUS_CANCELED) return this;
    // Checked now so that a bad line throws here, not later when the provisional response arrives.
    const reason = cancelReasonLine(options);
    const lines = [...(options.extraHeaders ?? []), ...(reason === undefined ? [] : [reason])];
    parseExtraHeaders(lines);
    this.currentStatus = SessionStatus.STATUS_CANCELED;
    this.clearTimerC();
    if (this.sent !== undefined) {
      if (this.provisionalFor === this.sent.request) this.sendCancel(lines);
      else this.pendingCancel = lines;
    }
    this.emit('cancel');
    return this;
  }

  /** End the accepted call with a BYE (RFC 3261 §15.1.1). Throws InvalidStateError before a 2xx or after the end. */
  bye(options: ByeOptions = {}): this {
    const dialog = this.dialog;
    if (this.currentStatus !== SessionStatus.STATUS_CONFIRMED || dialog === undefined) throw new InvalidStateError(this.currentStatus);
    const split = splitExtraHeaders(options.extraHeaders, options.contentType);
    const request = dialog.createRequest('BYE', { extraHeaders: split.extraHeaders, body: options.body, contentType: split.contentType });
    this.sendBye(request, dialog);
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('bye', LegacyRequest.of(request));
    return this;
  }

  /**
   * End the call whatever its state (legacy `terminate()`): a BYE once it is answered, else a CANCEL (held
   * until a provisional response, RFC 3261 §9.1). Throws InvalidStateError once the call has ended.
   */
  terminate(options: TerminateOptions = {}): this {
    return this.currentStatus === SessionStatus.STATUS_CONFIRMED ? this.bye(options) : this.cancel(options);
  }

  /** The callee ended the call (RFC 3261 §15.1.2; the 200 is sent and the dialog ended). */
  receiveBye(bye: SipRequest): void {
    if (this.currentStatus !== SessionStatus.STATUS_CONFIRMED) return;
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    this.emit('bye', LegacyRequest.of(bye));
  }

  private receiveProvisional(response: SipResponse): void {
    this.provisionalFor = this.sent?.request;
    // RFC 3261 §9.1: a CANCEL asked for earlier (by cancel() or Timer C) may go now.
    if (this.pendingCancel !== undefined) {
      this.sendCancel(this.pendingCancel);
      this.pendingCancel = undefined;
    }
    const status = this.currentStatus;
    if (status !== SessionStatus.STATUS_INVITE_SENT && status !== SessionStatus.STATUS_1XX_RECEIVED) return;
    // RFC 3261 §16.7 step 2: a provisional response other than 100 restarts Timer C.
    if (response.status > 100) this.startTimerC();
    this.currentStatus = SessionStatus.STATUS_1XX_RECEIVED;
    this.emit('progress', LegacyResponse.of(response), response.reason);
  }

  private receiveFinal(response: SipResponse): void {
    if (response.status < 300) {
      this.receive2xx(response);
      return;
    }
    // RFC 3261 §9.1: after a final response there is nothing left to cancel.
    this.pendingCancel = undefined;
    const status = this.currentStatus;
    if (status === SessionStatus.STATUS_TERMINATED) return;
    const cause = status === SessionStatus.STATUS_CANCELED && response.status === 487 ? C.causes.CANCELED : statusToCause(response.status);
    this.end(response, cause);
  }

  private receive2xx(response: SipResponse): void {
    const dialog = Dialog.fromUac(this.lastInvite, response, this.env.dialog);
    this.acknowledge(dialog, response);
    const status = this.currentStatus;
    const ringing = status === SessionStatus.STATUS_INVITE_SENT || status === SessionStatus.STATUS_1XX_RECEIVED;
    if (!ringing || dialog.defect !== undefined) {
      // Accepted after cancel() (the CANCEL crossed the 2xx, RFC 3261 §9.1), after the call ended otherwise,
      // or with a Contact or Record-Route that allow no dialog (§12.1.2): the 2xx must still be acknowledged,
      // then the call ended (§13.2.2.4, §15). Legacy emits `bye` after cancel().
      const bye = this.byeFor(dialog);
      this.sendBye(bye, dialog);
      this.clearTimers();
      this.currentStatus = SessionStatus.STATUS_TERMINATED;
      if (status === SessionStatus.STATUS_CANCELED) this.emit('bye', LegacyRequest.of(bye));
      else if (ringing) this.emit('failed', LegacyResponse.of(response), C.causes.DIALOG_ERROR);
      return;
    }
    this.clearTimers();
    this.dialog = dialog;
    this.env.dialogs.add(dialog, this);
    this.currentStatus = SessionStatus.STATUS_CONFIRMED;
    this.emit('accepted', LegacyResponse.of(response), response.reason);
  }

  private receiveLater2xx(response: SipResponse): void {
    const id = dialogIdOfResponse(response);
    const ack = id === undefined ? undefined : this.acks.get(dialogKey(id));
    if (ack !== undefined) {
      // RFC 3261 §13.2.2.4: a retransmitted 2xx gets the same ACK again.
      this.sendAck(ack);
      return;
    }
    // Another fork answered too: acknowledge it and end that call (RFC 3261 §13.2.2.4).
    const dialog = Dialog.fromUac(this.lastInvite, response, this.env.dialog);
    this.acknowledge(dialog, response);
    this.sendBye(this.byeFor(dialog), dialog);
  }

  /** The BYE ending `dialog` at once, saying why when its 2xx was unusable. */
  private byeFor(dialog: Dialog): SipRequest {
    return dialog.createRequest('BYE', dialog.defect === undefined ? {} : { extraHeaders: [UNUSABLE_2XX_REASON] });
  }

  /** RFC 3261 §13.2.2.4: the ACK is built in the dialog, with the INVITE's CSeq number and its credentials. */
  private acknowledge(dialog: Dialog, response: SipResponse): void {
    const invite = this.lastInvite;
    const credentials = CREDENTIAL_HEADERS.flatMap((name) => invite.rawHeaders(name).map((value) => `${name}: ${value}`));
    const ack = dialog.createAck(response.cseq.seq, { extraHeaders: credentials });
    this.acks.set(dialog.key, ack);
    this.sendAck(ack);
  }

  private sendAck(ack: SipRequest): void {
    // An ACK that does not arrive is repaired by the 2xx retransmission it answers; nothing to report.
    this.env.core.sendAck(ack, this.env.destination()).catch(() => undefined);
  }

  private sendBye(bye: SipRequest, dialog: Dialog): void {
    this.env.dialogs.end(dialog);
    this.env.sender.send(bye, { onFinal: () => undefined, onFailure: () => undefined });
  }

  private sendCancel(lines: string[]): void {
    const invite = this.sent!.request;
    const { core } = this.env;
    core.send(createCancel(invite, { extraHeaders: lines }), this.env.destination(), IGNORED);
    // A CANCEL sent after Timer C ended the call has nothing left to report.
    if (this.currentStatus !== SessionStatus.STATUS_CANCELED) return;
    // RFC 3261 §9.1: without a final response 64*T1 after the CANCEL, the INVITE transaction is over.
    const { clock, timers } = core.transactions;
    this.cancelTimer = clock.setTimeout(() => {
      this.cancelTimer = undefined;
      this.end(undefined, C.causes.CANCELED);
    }, timers.timerB);
  }

  private startTimerC(): void {
    const { clock, timers } = this.env.core.transactions;
    this.clearTimerC();
    this.timerC = clock.setTimeout(() => {
      this.timerC = undefined;
      this.timerCFired();
    }, timers.timerC);
  }

  /**
   * RFC 3261 §16.8: nobody answered in time. The call fails with NO_ANSWER now; the CANCEL goes at once
   * when a provisional response came, else with the first one (§9.1) — if none ever comes, Timer B ends
   * the INVITE transaction.
   */
  private timerCFired(): void {
    const status = this.currentStatus;
    if (status !== SessionStatus.STATUS_INVITE_SENT && status !== SessionStatus.STATUS_1XX_RECEIVED) return;
    this.end(undefined, C.causes.NO_ANSWER);
    if (this.sent !== undefined && this.provisionalFor === this.sent.request) this.sendCancel([]);
    else this.pendingCancel = [];
  }

  private clearTimerC(): void {
    if (this.timerC === undefined) return;
    this.env.core.transactions.clock.clearTimeout(this.timerC);
    this.timerC = undefined;
  }

  private clearTimers(): void {
    this.clearTimerC();
    if (this.cancelTimer === undefined) return;
    this.env.core.transactions.clock.clearTimeout(this.cancelTimer);
    this.cancelTimer = undefined;
  }

  /** The INVITE failed: `rejected` + `failed` with a final response, `failed` alone without one. */
  private end(response: SipResponse | undefined, cause: Cause): void {
    if (this.currentStatus === SessionStatus.STATUS_TERMINATED) return;
    this.clearTimers();
    this.currentStatus = SessionStatus.STATUS_TERMINATED;
    const view = response === undefined ? undefined : LegacyResponse.of(response);
    if (view !== undefined) this.emit('rejected', view, cause);
    this.emit('failed', view, cause);
  }
}
