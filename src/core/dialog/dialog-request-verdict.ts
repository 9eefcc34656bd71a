/**
 * What the UAS core should do with a request received in a dialog (RFC 3261 §12.2.2):
 * process it, or answer it with `status` and `reason` (500 for an out-of-order CSeq, 481 when
 * the request is not in this dialog or the dialog has ended, 400 for a target refresh whose
 * Contact cannot be a remote target).
 */
export type DialogRequestVerdict =
  | { accepted: true; targetRefreshed: boolean }
  | { accepted: false; status: 400 | 481 | 500; reason: string; detail: string };
