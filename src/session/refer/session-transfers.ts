import type { Dialog, ExtraHeaders, IncomingRequest, RequestOutcome, UserAgentCore } from '../../core/index.js';
import { SipParseError, type SipRequest } from '../../syntax/index.js';
import { IncomingRefer } from './incoming-refer.js';
import { OutgoingRefer } from './outgoing-refer.js';

/** What the transfers of a session need from it. */
export interface TransferHost {
  core: UserAgentCore;
  /** The session's confirmed dialog; undefined before it is established or after it ended. */
  dialog: () => Dialog | undefined;
  /** This UA's Contact in the dialog: REFER and NOTIFY must carry one (RFC 3515 §2.4.1, RFC 6665 §8.1.2). */
  localContact: () => string;
  /** Send a request of the dialog (the session's in-dialog sending: CSeq kept after challenges, 481 ends it). */
  send: (request: SipRequest, outcome: Partial<RequestOutcome>) => void;
  /** Whether someone takes an incoming REFER (RFC 3515 §2.4.2: else it is declined, 603). */
  takesRefer: () => boolean;
  /** Hand an accepted REFER to the application. */
  referred: (refer: IncomingRefer) => void;
}

/** Options of a REFER we send. */
export interface ReferOptions {
  extraHeaders?: ExtraHeaders | undefined;
  body?: string | undefined;
  contentType?: string | undefined;
}

/**
 * The REFERs of one session's dialog, both ways (RFC 3515): ours and the implicit subscriptions they
 * make, whose NOTIFYs arrive in the same dialog (matched by `Event: refer;id=<CSeq>`, §2.4.6), and the
 * peer's, answered 202 and followed by our NOTIFYs.
 */
export class SessionTransfers {
  private readonly host: TransferHost;
  private readonly outgoing: OutgoingRefer[] = [];
  private readonly incoming = new Set<IncomingRefer>();

  constructor(host: TransferHost) {
    this.host = host;
  }

  /** Send a REFER with `referTo` (a Refer-To value) and, RFC 3892, our identity as Referred-By. */
  refer(referTo: string, options: ReferOptions = {}): OutgoingRefer {
    const dialog = this.host.dialog();
    if (dialog === undefined) throw new Error('the session has no dialog (not established yet, or ended)');
    const extra = [...(options.extraHeaders ?? []), `Refer-To: ${referTo}`];
    if (!extra.some((line) => /^(referred-by|b)\s*:/i.test(line))) extra.push(`Referred-By: <${dialog.localAddress.uri}>`);
    const request = dialog.createRequest('REFER', { extraHeaders: extra, body: options.body, contentType: options.contentType });
    request.setHeader('Contact', this.host.localContact());
    const refer = new OutgoingRefer(this.host.core, request);
    this.outgoing.push(refer);
    refer.once('terminated', () => this.outgoing.splice(this.outgoing.indexOf(refer), 1));
    this.host.send(request, {
      onFinal: (response) => refer.receiveResponse(response),
      onFailure: (cause) => refer.fail(cause),
    });
    return refer;
  }

  /**
   * The peer's REFER (RFC 3515 §2.4.2): 400 for a Refer-To that cannot be used, 603 when nobody takes it
   * (legacy), else 202, the `100 Trying` NOTIFY, and the REFER handed to the application.
   */
  receiveRefer(incoming: IncomingRequest): void {
    const { core } = this.host;
    if (this.host.dialog() === undefined) {
      core.respond(incoming, 603);
      return;
    }
    let refer: IncomingRefer;
    try {
      refer = new IncomingRefer(incoming.request, (headers, body, contentType) => this.sendNotify(headers, body, contentType));
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      core.respond(incoming, 400, { reason: `Bad Request (${error.message})` });
      return;
    }
    if (!this.host.takesRefer()) {
      core.respond(incoming, 603);
      return;
    }
    core.respond(incoming, 202);
    this.incoming.add(refer);
    refer.accept();
    this.host.referred(refer);
  }

  /**
   * A NOTIFY in the dialog: a refer subscription's (RFC 3515 §2.4.4) goes to it; another event package is
   * 489 (RFC 6665 §8.3.3 style), a refer NOTIFY matching no REFER of ours 481 (§4.1.3).
   */
  receiveNotify(incoming: IncomingRequest): void {
    const { core } = this.host;
    let event;
    try {
      event = incoming.request.header('Event');
    } catch {
      event = undefined;
    }
    if (event === undefined || event.value.toLowerCase() !== 'refer') {
      core.respond(incoming, 489);
      return;
    }
    const id = event.id;
    const refer = id === undefined ? this.outgoing[0] : this.outgoing.find((candidate) => candidate.matches(id));
    if (refer === undefined) {
      core.respond(incoming, 481);
      return;
    }
    refer.receiveNotify(incoming);
  }

  /** The session ended: our subscriptions end, and no NOTIFY of ours goes any more. */
  stop(): void {
    for (const refer of [...this.outgoing]) refer.end();
    for (const refer of this.incoming) refer.stop();
    this.incoming.clear();
  }

  private sendNotify(headers: readonly string[], body: string, contentType: string): void {
    const dialog = this.host.dialog();
    if (dialog === undefined) return;
    const request = dialog.createRequest('NOTIFY', { extraHeaders: headers, body, contentType });
    request.setHeader('Contact', this.host.localContact());
    this.host.send(request, {});
  }
}

