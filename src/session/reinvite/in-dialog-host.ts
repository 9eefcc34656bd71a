import type { Dialog } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { SessionDescriptionHandler } from '../session-description-handler.js';
import type { SessionEnvironment } from '../session-environment.js';

/** What an in-dialog exchange (a re-INVITE either way) needs from its session. */
export interface InDialogHost {
  readonly env: SessionEnvironment;
  readonly dialog: Dialog;
  readonly media: SessionDescriptionHandler;
  /** This UA's Contact in the dialog, sent in the 2xx to a re-INVITE (RFC 3261 §12.1.1, §14.2). */
  readonly localContact: string;
  /** Header lines our re-INVITE carries besides (session timers, RFC 4028 §7.4). */
  requestHeaders?(): string[];
  /** The 2xx to our re-INVITE arrived (session timers read it, RFC 4028 §7.2). */
  refreshed?(response: SipResponse): void;
}

/** An ACK for a 2xx goes straight to the connected server, outside any transaction (RFC 3261 §13.2.2.4, §17.1.1.3). */
export function sendAck(host: Pick<InDialogHost, 'env'>, ack: SipRequest): void {
  // A lost ACK is repaired by the 2xx retransmission it answers; nothing to report.
  host.env.core.sendAck(ack, host.env.destination(ack)).catch(() => undefined);
}

/** Why a description could not be used: INCOMPATIBLE_SDP for an IncompatibleDescriptionError, else a media failure. */
export function descriptionFailure(error: unknown): 'INCOMPATIBLE_SDP' | 'WEBRTC_ERROR' {
  return error instanceof Error && error.name === 'IncompatibleDescriptionError' ? 'INCOMPATIBLE_SDP' : 'WEBRTC_ERROR';
}
