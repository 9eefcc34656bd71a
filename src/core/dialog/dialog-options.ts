import type { CommonHeaderOptions, ContactInput, IdGenerator, TransportDescriptor } from '../request/index.js';

/** How a dialog builds the requests it sends. */
export interface DialogOptions extends CommonHeaderOptions {
  /** The transport requests leave on: its Via token and sent-by. Can be replaced later (`dialog.transport`). */
  transport: TransportDescriptor;
  /** Add an empty `rport` to Via (RFC 3581 §3). */
  rport?: boolean | undefined;
  /**
   * This UA's Contact in the dialog, sent in target refresh requests (RFC 3261 §12.2.1.1). A UAC
   * dialog takes it from the request that created the dialog when absent; a UAS dialog from
   * here only (it is the Contact of the UAS's response, §12.1.1).
   */
  localContact?: ContactInput | undefined;
  /** Target refresh methods; `DEFAULT_TARGET_REFRESH_METHODS` (INVITE, UPDATE) when absent. */
  targetRefreshMethods?: readonly string[] | undefined;
  /** Source of branches; random unless a test injects its own. */
  ids?: IdGenerator | undefined;
}

/** Extra options for a dialog created by a UAS (RFC 3261 §12.1.1). */
export interface UasDialogOptions extends DialogOptions {
  /** `early` when the dialog is created by a 1xx with a To tag, `confirmed` (the default) by a 2xx. */
  state?: 'early' | 'confirmed' | undefined;
}
