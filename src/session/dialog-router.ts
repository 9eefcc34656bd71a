import { dialogIdOfIncomingRequest, dialogKey, type Dialog, type IncomingRequest, type UserAgentCore } from '../core/index.js';
import type { SipRequest } from '../syntax/index.js';

/** A session that owns a dialog, told of the requests that arrive in it. */
export interface DialogUser {
  /** An ACK in the dialog (RFC 3261 §13.3.1.4, §17.2.1: the ACK of a 2xx has no transaction of its own). */
  receiveAck?(ack: SipRequest): void;
  /**
   * Any other request in the dialog (BYE, INFO, a re-INVITE …), already checked by the dialog
   * (RFC 3261 §12.2.2: CSeq in order, remote target refreshed); the user answers it.
   */
  receiveRequest(incoming: IncomingRequest): void;
}

// How many ended dialogs the router remembers, so that an INVITE with Replaces naming one gets 603 rather than 481.
const REMEMBERED_ENDED = 128;

interface Entry {
  dialog: Dialog;
  user: DialogUser;
}

/**
 * The UA's dialogs and the sessions that own them. A session keeps its dialog here, which also
 * enters it in the core's dialog table (the core matches in-dialog requests against it, RFC 3261
 * §12.2.2); the UA hands the requests that arrive in a dialog to its owner.
 */
export class DialogRouter {
  private readonly entries = new Map<string, Entry>();
  private readonly ended = new Set<string>();

  constructor(private readonly core: UserAgentCore) {}

  /** Take part in `dialog` on behalf of `user`. */
  add(dialog: Dialog, user: DialogUser): void {
    this.core.addDialog(dialog);
    this.entries.set(dialog.key, { dialog, user });
  }

  /** Terminate `dialog` and forget it: later requests in it get 481 from the core (RFC 3261 §12.2.2). */
  end(dialog: Dialog): void {
    this.core.endDialog(dialog);
    if (this.entries.get(dialog.key)?.dialog !== dialog) return;
    this.entries.delete(dialog.key);
    this.ended.add(dialog.key);
    if (this.ended.size > REMEMBERED_ENDED) this.ended.delete(this.ended.values().next().value!);
  }

  /** The dialog of `key` and its owner, while it lasts (RFC 3891 §3: the dialog a Replaces names). */
  find(key: string): { dialog: Dialog; user: DialogUser } | undefined {
    return this.entries.get(key);
  }

  /** Whether the dialog of `key` was ours and ended lately. */
  endedRecently(key: string): boolean {
    return this.ended.has(key);
  }

  /** An ACK the core passed on (no transaction of its own, RFC 3261 §17.2.1): to the owner of its dialog. */
  receiveAck(ack: SipRequest): void {
    const entry = this.entryOf(ack);
    if (entry === undefined || !entry.dialog.receiveRequest(ack).accepted) return;
    entry.user.receiveAck?.(ack);
  }

  /**
   * A request the core matched to a dialog goes to its owner; one outside any dialog, or in a
   * dialog nobody owns, gets 481 (RFC 3261 §12.2.2, §15.1.2: a BYE that matches no dialog).
   */
  receiveRequest(incoming: IncomingRequest): void {
    const { dialog } = incoming;
    const entry = dialog === undefined ? undefined : this.entries.get(dialog.key);
    if (entry === undefined || entry.dialog !== dialog) {
      this.core.respond(incoming, 481);
      return;
    }
    entry.user.receiveRequest(incoming);
  }

  private entryOf(request: SipRequest): Entry | undefined {
    try {
      const id = dialogIdOfIncomingRequest(request);
      return id === undefined ? undefined : this.entries.get(dialogKey(id));
    } catch {
      // An ACK whose From or To does not parse is in no dialog.
      return undefined;
    }
  }
}
