import type { ExtraHeaders, IncomingRequest } from '../../core/index.js';
import type { SipResponse } from '../../syntax/index.js';
import { pendingInviteRetryAfter, type RandomSource } from '../reinvite/glare-delay.js';
import { descriptionFailure } from '../reinvite/in-dialog-host.js';
import { descriptionOf } from '../sdp/description-of.js';
import { sendInDialog } from '../send-in-dialog.js';
import type { SessionDescription } from '../session-description-handler.js';
import type { UpdateHost } from './update-host.js';

/** An UPDATE of ours (`session.update()`). */
export interface UpdateOptions {
  /** Carry a new offer from the media handler (default); false sends a plain refresh without a body (RFC 3311 §5.1). */
  offer?: boolean | undefined;
  extraHeaders?: ExtraHeaders | undefined;
}

/**
 * UPDATE in both directions in the session's dialog (RFC 3311). The peer's UPDATE is answered 200
 * with our Contact (it refreshes the target, §5.2) and, when it carries an offer, our answer; an
 * offer while ours is pending gets 491, one while the peer's previous offer is still being answered
 * 500 with a Retry-After of 0–10 s (§5.2); an offer we cannot use 488. Our UPDATE carries a new offer
 * (never while another is pending, §5.1) or none; its 2xx brings the answer. A 481 or 408 to it ends
 * the session (RFC 3261 §12.2.1.2).
 */
export class UpdateExchange {
  private answering = false;
  private offering = false;
  private stopped = false;

  constructor(
    private readonly host: UpdateHost,
    private readonly random: RandomSource,
  ) {}

  /** An offer/answer of UPDATE is under way either way: a re-INVITE offer must wait (or gets 491). */
  get busy(): boolean {
    return this.answering || this.offering;
  }

  /** Our UPDATE's offer awaits its answer (the peer's offer now is glare: 491). */
  get offerPending(): boolean {
    return this.offering;
  }

  /** The peer's UPDATE offer is being answered (another offer now gets 500 with Retry-After). */
  get answeringOffer(): boolean {
    return this.answering;
  }

  receive(incoming: IncomingRequest): void {
    const { host } = this;
    const { core } = host.env;
    const offer = descriptionOf(incoming.request, host.media);
    if (offer !== undefined) {
      const state = host.offerState();
      // RFC 3311 §5.2: an offer crossing ours is glare (491); one arriving while we still answer an offer, 500 + Retry-After.
      if (this.offering || state === 'ours-pending') {
        core.respond(incoming, 491);
        return;
      }
      if (this.answering || state === 'theirs-pending') {
        core.respond(incoming, 500, { headers: [['Retry-After', String(pendingInviteRetryAfter(this.random))]] });
        return;
      }
    }
    const verdict = host.timerVerdict(incoming.request);
    if (verdict?.reject === true) {
      core.respond(incoming, 422, { headers: verdict.headers });
      return;
    }
    const headers: [string, string][] = [['Contact', host.localContact], ...(verdict?.headers ?? [])];
    if (offer === undefined) {
      core.respond(incoming, 200, { headers });
      verdict?.start();
      return;
    }
    this.answering = true;
    const { media } = host;
    media
      .setDescription(offer)
      .then(
        () => media.getDescription({ hold: host.localHold() }),
        (error: unknown) => {
          throw new RefusedOffer(descriptionFailure(error) === 'INCOMPATIBLE_SDP' ? 488 : 500);
        },
      )
      .then(
        (answer) => {
          if (this.stopped) return;
          this.answering = false;
          core.respond(incoming, 200, { headers, body: answer.body, contentType: answer.contentType });
          verdict?.start();
          host.described(answer);
          host.applied(offer);
          host.settled();
        },
        (error: unknown) => {
          if (this.stopped) return;
          this.answering = false;
          media.rollbackDescription?.();
          core.respond(incoming, error instanceof RefusedOffer ? error.status : 500);
          host.settled();
        },
      );
  }

  /**
   * Send an UPDATE; resolves with its final response (rejects when none came). Throws when `offer` is
   * asked while another offer/answer is pending (RFC 3311 §5.1).
   */
  send(options: UpdateOptions = {}): Promise<SipResponse> {
    const { host } = this;
    const withOffer = options.offer !== false;
    if (withOffer && (this.busy || host.offerState() !== 'idle')) {
      throw new Error('an offer/answer is pending (RFC 3311 §5.1): update() with an offer must wait for it to complete');
    }
    if (withOffer) this.offering = true;
    const offer = withOffer ? host.media.getDescription({ hold: host.localHold() }) : Promise.resolve(undefined);
    return offer.then(
      (description) => this.sendWith(description, options.extraHeaders ?? []),
      (error: unknown) => {
        this.offering = false;
        host.settled();
        throw error;
      },
    );
  }

  /** The session ended: nothing more is answered or reported. */
  stop(): void {
    this.stopped = true;
  }

  private sendWith(offer: SessionDescription | undefined, extraHeaders: ExtraHeaders): Promise<SipResponse> {
    const { host } = this;
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(new Error('the session ended before the UPDATE could go'));
        return;
      }
      const request = host.dialog.createRequest('UPDATE', {
        extraHeaders: [...host.timerHeaders(), ...extraHeaders],
        body: offer?.body,
        contentType: offer?.contentType,
      });
      sendInDialog(host.env.sender, host.dialog, request, {
        onFinal: (response) => {
          this.final(response, offer);
          resolve(response);
        },
        onFailure: (cause) => {
          this.offering = false;
          if (!this.stopped) host.ended(undefined, cause, true);
          reject(new Error(`UPDATE failed: ${cause}`));
        },
      });
    });
  }

  private final(response: SipResponse, offer: SessionDescription | undefined): void {
    const { host } = this;
    if (this.stopped) return;
    if (response.status >= 300) {
      this.offering = false;
      if (offer !== undefined) host.media.rollbackDescription?.();
      // RFC 3261 §12.2.1.2: the peer no longer has the dialog (481), or did not answer in time (408).
      if (response.status === 481) host.ended(response, 'DIALOG_ERROR', false);
      else if (response.status === 408) host.ended(response, 'REQUEST_TIMEOUT', true);
      else host.settled();
      return;
    }
    try {
      // RFC 3311 §5.1: UPDATE is a target refresh request; its 2xx may move the peer's remote target.
      host.dialog.updateFromResponse(response);
    } catch {
      // A 2xx whose tags do not match the dialog changes nothing in it.
    }
    host.timerAnswered(response);
    if (offer === undefined) {
      host.settled();
      return;
    }
    const answer = descriptionOf(response, host.media);
    if (answer === undefined) {
      // RFC 3311 §5.1 with RFC 3264 §5: the 2xx to an UPDATE with an offer must carry the answer.
      this.offering = false;
      host.ended(response, 'BAD_MEDIA_DESCRIPTION', true);
      return;
    }
    host.media.setDescription(answer).then(
      () => {
        this.offering = false;
        if (this.stopped) return;
        host.described(offer);
        host.applied(answer);
        host.settled();
      },
      (error: unknown) => {
        this.offering = false;
        if (!this.stopped) host.ended(response, descriptionFailure(error), true);
      },
    );
  }
}

/** The peer's offer could not be applied: 488 for an incompatible one (RFC 3311 §5.2 with RFC 3261 §14.2), else 500. */
class RefusedOffer extends Error {
  constructor(readonly status: 488 | 500) {
    super(String(status));
  }
}
