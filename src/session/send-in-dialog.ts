import type { Dialog, RequestOutcome, RequestSender, SentRequest } from '../core/index.js';
import type { SipRequest } from '../syntax/index.js';

/**
 * Send `request` of `dialog`, keeping the dialog's local CSeq in step with an authenticated retry:
 * the retry takes the next number (RFC 3261 §22.2, §8.1.3.5), and the dialog's next request must be
 * numbered above it (§12.2.1.1), or a PBX that challenged the first would see a CSeq twice.
 */
export function sendInDialog(sender: RequestSender, dialog: Dialog, request: SipRequest, outcome: RequestOutcome): SentRequest {
  let sent: SentRequest | undefined;
  const follow = (): void => {
    if (sent !== undefined && sent.request !== request) dialog.followRetry(sent.request);
  };
  sent = sender.send(request, {
    ...outcome,
    onProvisional: (response) => {
      follow();
      outcome.onProvisional?.(response);
    },
    onFinal: (response) => {
      follow();
      outcome.onFinal(response);
    },
  });
  return sent;
}
