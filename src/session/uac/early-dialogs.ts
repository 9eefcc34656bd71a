import { Dialog, dialogIdOfResponse, dialogKey, type DialogOptions } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';

/**
 * The early dialogs of an INVITE we sent (RFC 3261 §12.1.2, §13.2.2.4): each fork that answers
 * with a 1xx carrying a To tag has its own. The first 2xx confirms the dialog of its fork (route
 * set recomputed from the 2xx), or creates one when that fork sent no 1xx.
 */
export class EarlyDialogs {
  private readonly byKey = new Map<string, Dialog>();

  constructor(private readonly options: Omit<DialogOptions, 'localContact'>) {}

  /** The early dialog of the fork that sent `response` (a 101–199 with a To tag); undefined without a tag. */
  provisional(invite: SipRequest, response: SipResponse): Dialog | undefined {
    const id = dialogIdOfResponse(response);
    if (id === undefined || id.remoteTag === undefined || response.status === 100) return undefined;
    const key = dialogKey(id);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const dialog = Dialog.fromUac(invite, response, this.options);
    this.byKey.set(key, dialog);
    return dialog;
  }

  /** The dialog a 2xx makes: its fork's early dialog confirmed, or a new confirmed one. */
  confirmed(invite: SipRequest, response: SipResponse): Dialog {
    const id = dialogIdOfResponse(response);
    const early = id === undefined ? undefined : this.byKey.get(dialogKey(id));
    if (early === undefined || early.state !== 'early') return Dialog.fromUac(invite, response, this.options);
    this.byKey.delete(early.key);
    early.confirm(response);
    return early;
  }

  /** The INVITE is over: the remaining early dialogs end with it (§12.3). */
  clear(): void {
    for (const dialog of this.byKey.values()) dialog.terminate();
    this.byKey.clear();
  }
}
