import type { Dialog } from '../../core/index.js';
import type { SipRequest } from '../../syntax/index.js';
import type { OutgoingSubscription } from './outgoing-subscription.js';

function awaitingKey(callId: string, tag: string | undefined): string {
  return `${callId} ${(tag ?? '').toLowerCase()}`;
}

/**
 * The UA's live outgoing subscriptions: those whose SUBSCRIBE has no dialog yet, by Call-ID and From
 * tag, for the NOTIFY that may come before the 2xx and make it (RFC 6665 §4.1.2.4); and every one, for
 * the UA to end when it stops.
 */
export class OutgoingSubscriptions {
  private readonly live = new Set<OutgoingSubscription>();
  private readonly awaiting = new Map<string, OutgoingSubscription>();

  /** How many subscriptions are live (not terminated). */
  get size(): number {
    return this.live.size;
  }

  /** How many SUBSCRIBEs wait for their dialog. */
  get awaitingCount(): number {
    return this.awaiting.size;
  }

  all(): OutgoingSubscription[] {
    return [...this.live];
  }

  /** The core's `onUnknownDialog`: a NOTIFY in no dialog yet may make the one of a SUBSCRIBE waiting for it. */
  dialogForNotify(request: SipRequest): Dialog | undefined {
    if (request.method !== 'NOTIFY') return undefined;
    return this.awaiting.get(awaitingKey(request.callId, request.to.tag))?.dialogFromNotify(request);
  }

  add(subscription: OutgoingSubscription): void {
    this.live.add(subscription);
  }

  remove(subscription: OutgoingSubscription): void {
    this.live.delete(subscription);
    this.stopAwaiting(subscription);
  }

  awaitDialog(subscription: OutgoingSubscription, subscribe: SipRequest): void {
    this.stopAwaiting(subscription);
    this.awaiting.set(awaitingKey(subscribe.callId, subscribe.from.tag), subscription);
  }

  stopAwaiting(subscription: OutgoingSubscription): void {
    for (const [key, waiting] of this.awaiting) if (waiting === subscription) this.awaiting.delete(key);
  }

  /** Unsubscribe every live subscription; `done` once none is left (now, when there is none). */
  closeAll(done: () => void): void {
    const subscriptions = this.all();
    if (subscriptions.length === 0) {
      done();
      return;
    }
    let left = subscriptions.length;
    for (const subscription of subscriptions) {
      subscription.once('terminated', () => {
        left -= 1;
        if (left === 0) done();
      });
      subscription.close();
    }
  }

  /** End every subscription here and now (timers stopped, dialogs forgotten), without a word to the notifiers. */
  disposeAll(): void {
    for (const subscription of this.all()) subscription.dispose();
  }
}
