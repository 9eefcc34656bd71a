import { dialogIdOfIncomingRequest, dialogKey, type Dialog, type IncomingRequest, type UserAgentCore } from '../core/index.js';
import type { SipRequest } from '../syntax/index.js';

/** A context that owns a dialog, told of the requests that arrive in it. */
export interface DialogUser {
  /** The ACK for our 2xx to INVITE (RFC 3261 §13.3.1.4); only the callee's side has it. */
  receiveAck?(ack: SipRequest): void;
  /** A BYE (RFC 3261 §15.1.2), already answered 200; its dialog has ended. */
  receiveBye(bye: SipRequest): void;
}

interface Entry {
  dialog: Dialog;
  user: DialogUser;
}

/**
 * The UA's dialogs and the contexts that own them. A context keeps its dialog here, which also
 * enters it in the core's dialog table (the core matches in-dialog requests against it, RFC 3261
 * §12.2.2); the UA hands the ACK and BYE that arrive in a dialog to its owner.
 */
export class DialogRouter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly core: UserAgentCore) {}

  /** Take part in `dialog` on behalf of `user`. */
  add(dialog: Dialog, user: DialogUser): void {
    this.core.addDialog(dialog);
    this.entries.set(dialog.key, { dialog, user });
  }

  /** Terminate `dialog` and forget it. */
  end(dialog: Dialog): void {
    this.core.endDialog(dialog);
    if (this.entries.get(dialog.key)?.dialog === dialog) this.entries.delete(dialog.key);
  }

  /** An ACK the core passed on (no transaction of its own, RFC 3261 §17.2.1): to the owner of its dialog. */
  receiveAck(ack: SipRequest): void {
    const entry = this.entryOf(ack);
    if (entry === undefined || !entry.dialog.receiveRequest(ack).accepted) return;
    entry.user.receiveAck?.(ack);
  }

  /**
   * RFC 3261 §15.1.2: a BYE in a dialog ends it and is answered 200; one outside any dialog
   * gets 481 (the core already answers one whose To tag matches no dialog).
   */
  receiveBye(incoming: IncomingRequest): void {
    const { dialog } = incoming;
    if (dialog === undefined) {
      this.core.respond(incoming, 481);
      return;
    }
    const entry = this.entries.get(dialog.key);
    const user = entry?.dialog === dialog ? entry.user : undefined;
    this.end(dialog);
    this.core.respond(incoming, 200);
    user?.receiveBye(incoming.request);
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
