import { tagsEqual, type SentRequest } from '../../core/index.js';
import type { SipRequest, SipResponse } from '../../syntax/index.js';
import { descriptionOf } from '../sdp/description-of.js';
import { sendInDialog } from '../send-in-dialog.js';
import type { SessionCause } from '../session-cause.js';
import type { SessionDescription } from '../session-description-handler.js';
import { descriptionFailure, sendAck, type InDialogHost } from './in-dialog-host.js';

/** How our re-INVITE ended. */
export interface ReinviteClientOutcome {
  /** A 2xx, ACKed, and the answer in it applied. */
  accepted(response: SipResponse, answer: SessionDescription): void;
  /** 491: the peer was sending its own re-INVITE (glare, RFC 3261 §14.1); nothing changed. */
  glare(): void;
  /** Another final response, or no offer could be made: nothing changed (§14.1: "as if no re-INVITE had been issued"). */
  rejected(response: SipResponse | undefined): void;
  /** The dialog is over: the peer does not know it (481), did not answer (408, timeout), or its 2xx cannot be used; `bye` when a BYE must end it. */
  ended(response: SipResponse | undefined, cause: SessionCause, bye: boolean): void;
}

/**
 * One re-INVITE of ours (RFC 3261 §14.1): an offer from the media handler (holding the call or not),
 * sent in the dialog with our Contact; the 2xx is ACKed (again for each retransmission) and its
 * answer applied. The UAC of a re-INVITE is the one that offers here (RFC 3264 §8); the handler
 * is never asked for a new offer while this one is pending.
 */
export class ReinviteClient {
  private sent: SentRequest | undefined;
  private ack: SipRequest | undefined;
  private stopped = false;
  private finished = false;

  constructor(
    private readonly host: InDialogHost,
    private readonly hold: boolean,
    private readonly outcome: ReinviteClientOutcome,
  ) {}

  start(): void {
    this.host.media.getDescription({ hold: this.hold }).then(
      (offer) => this.send(offer),
      () => {
        if (!this.stopped) this.outcome.rejected(undefined);
      },
    );
  }

  /** Report nothing more (the session ended). */
  stop(): void {
    this.stopped = true;
    this.sent?.stop();
  }

  private send(offer: SessionDescription): void {
    if (this.stopped) return;
    const { dialog, env } = this.host;
    const request = dialog.createRequest('INVITE', { extraHeaders: this.host.requestHeaders?.(), body: offer.body, contentType: offer.contentType });
    this.sent = sendInDialog(env.sender, dialog, request, {
      onFinal: (response) => this.receiveFinal(response),
      onLater2xx: (response) => {
        // RFC 3261 §13.2.2.4: each retransmission of the 2xx gets the same ACK.
        if (this.ack !== undefined && tagsEqual(response.to.tag, dialog.id.remoteTag)) sendAck(this.host, this.ack);
      },
      onFailure: (cause) => this.finish(() => this.outcome.ended(undefined, cause, true)),
    });
  }

  private receiveFinal(response: SipResponse): void {
    if (response.status >= 300) {
      // RFC 3261 §12.2.1.2, §14.1: 481 and 408 end the dialog; 491 is glare; anything else changes nothing.
      if (response.status === 481) this.finish(() => this.outcome.ended(response, 'DIALOG_ERROR', false));
      else if (response.status === 408) this.finish(() => this.outcome.ended(response, 'REQUEST_TIMEOUT', true));
      else {
        // The offer was refused: the media goes back to what was last agreed.
        this.host.media.rollbackDescription?.();
        this.finish(() => (response.status === 491 ? this.outcome.glare() : this.outcome.rejected(response)));
      }
      return;
    }
    const { dialog, media } = this.host;
    this.ack = dialog.createAck(response.cseq.seq);
    sendAck(this.host, this.ack);
    try {
      // RFC 3261 §12.2.1.2: the 2xx to a target refresh request may move the peer's remote target.
      dialog.updateFromResponse(response);
    } catch {
      // A 2xx whose tags do not match the dialog changes nothing in it; the offer/answer still completes.
    }
    this.host.refreshed?.(response);
    const answer = descriptionOf(response, media);
    if (answer === undefined) {
      // RFC 3264 §5: the answer to our offer must be in the 2xx; without it the media is undefined.
      this.finish(() => this.outcome.ended(response, 'BAD_MEDIA_DESCRIPTION', true));
      return;
    }
    media.setDescription(answer).then(
      () => this.finish(() => this.outcome.accepted(response, answer)),
      (error: unknown) => this.finish(() => this.outcome.ended(response, descriptionFailure(error), true)),
    );
  }

  private finish(report: () => void): void {
    if (this.finished || this.stopped) return;
    this.finished = true;
    report();
  }
}
