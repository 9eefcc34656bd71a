import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LegacyResponse, Subscription, SubscriptionNotification } from '../../src/api/index.js';
import { PRESENCE_CONFIG, PRESENCE_TABLES, startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';

// RFC 6665 subscriptions against a real notifier: Kamailio's presence modules (conformance/targets/kamailio/presence.cfg;
// users alice, bob, carol with password "secret", realm example.test; PUBLISH and SUBSCRIBE over WS challenged
// with 407; min_expires 10 s). bob PUBLISHes (RFC 3903) through his own UA, alice subscribes to him.

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);

beforeAll(async () => {
  kamailio = await startKamailio({ config: PRESENCE_CONFIG, dbtext: PRESENCE_TABLES });
}, 20_000);

afterEach(async () => {
  await users.stopAll();
});

afterAll(async () => {
  await kamailio?.stop();
});

function pidf(basic: 'open' | 'closed', note: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.test">\n' +
    `  <tuple id="sipforge"><status><basic>${basic}</basic></status><note>${note}</note></tuple>\n` +
    '</presence>\n'
  );
}

/** bob PUBLISHes `body` for `event` (RFC 3903 §4; with `etag`, a modification of that publication, §4.4), digest-authenticated by his UA; resolves with the 2xx. */
async function publish(event: string, body: string, contentType: string, etag?: string): Promise<LegacyResponse> {
  const bob = users.make('bob');
  bob.start();
  await nextEvent(bob, 'connected');
  const context = bob.request('PUBLISH', 'bob@example.test', { extraHeaders: [`Event: ${event}`, 'Expires: 120', ...(etag === undefined ? [] : [`SIP-If-Match: ${etag}`])], body, contentType });
  const [response] = await nextEvent<[LegacyResponse]>(context, 'accepted');
  return response;
}

/** Collects a subscription's notifications; `next()` resolves with the next one not yet taken. */
function notifications(subscription: Subscription) {
  const seen: SubscriptionNotification[] = [];
  const waiting: Array<(n: SubscriptionNotification) => void> = [];
  let taken = 0;
  subscription.on('notify', (n) => {
    seen.push(n);
    waiting.shift()?.(n);
  });
  return {
    seen,
    next(timeoutMs = 10_000): Promise<SubscriptionNotification> {
      const index = taken++;
      if (index < seen.length) return Promise.resolve(seen[index]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no NOTIFY #${index + 1} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((n) => {
          clearTimeout(timer);
          resolve(n);
        });
      });
    },
  };
}

describe('presence through Kamailio', () => {
  it('SUBSCRIBE (407, then 423 → Min-Expires), NOTIFYs with PIDF bodies as text, a refresh before expiry, and unsubscribe', async () => {
    const published = await publish('presence', pidf('open', 'at my desk'), 'application/pidf+xml');
    const etag = published.getHeader('SIP-ETag');
    expect(etag).toBeTruthy();
    const alice = users.make('alice');
    alice.start();
    await nextEvent(alice, 'connected');
    const subscription = alice.subscribe('bob@example.test', 'presence', { expires: 5 });
    const notified = notifications(subscription);
    const [accepted] = await nextEvent<[LegacyResponse]>(subscription, 'accepted');
    expect(accepted.status_code).toBe(200);
    // CSeq 1 → 407, 2 (credentials) → 423 Min-Expires: 10, 3 (a new request asking for 10 s) → 407, 4 (credentials) → 200.
    expect(subscription.request.cseq).toBe(4);
    expect(subscription.request.getHeader('Expires')).toBe('10');
    expect(subscription.request.hasHeader('Proxy-Authorization')).toBe(true);

    const first = await notified.next();
    expect(first.state).toBe('active');
    expect(first.contentType).toBe('application/pidf+xml');
    expect(first.body).toContain('<basic>open</basic>');
    expect(first.body).toContain('at my desk');
    expect(subscription.state).toBe('active');

    // bob's new state reaches alice.
    await publish('presence', pidf('closed', 'gone home'), 'application/pidf+xml', etag);
    const changed = await notified.next();
    expect(changed.body).toContain('<basic>closed</basic>');

    // RFC 6665 §4.1.2.2: the 10 s grant is refreshed after 5 s, in the dialog; Kamailio answers it with a NOTIFY.
    const refreshedAt = Date.now();
    const afterRefresh = await notified.next(12_000);
    expect(Date.now() - refreshedAt).toBeLessThan(9_000);
    expect(afterRefresh.state).toBe('active');
    expect(subscription.dialog!.localSeq).toBe(5);

    const terminated = nextEvent<[unknown, unknown]>(subscription, 'terminated');
    subscription.unsubscribe();
    const final = await notified.next();
    expect(final.state).toBe('terminated');
    const [, cause] = await terminated;
    expect(cause).toBeUndefined();
    expect(subscription.state).toBe('terminated');
    expect(alice.subscriptions).toEqual({});
  });

  it('ua.stop() unsubscribes a live subscription and waits for its final NOTIFY', async () => {
    await publish('presence', pidf('open', 'here'), 'application/pidf+xml');
    const alice = users.make('alice');
    alice.start();
    await nextEvent(alice, 'connected');
    const subscription = alice.subscribe('bob@example.test', 'presence', { expires: 60 });
    const notified = notifications(subscription);
    await notified.next();
    await alice.stop();
    expect(notified.seen.at(-1)?.state).toBe('terminated');
    expect(subscription.state).toBe('terminated');
    expect(alice.subscriptions).toEqual({});
  });
});

describe('message-summary (RFC 3842) through Kamailio', () => {
  it('a subscription to bob\'s message-summary gets the simple-message-summary body bob published', async () => {
    const summary = 'Messages-Waiting: yes\r\nMessage-Account: sip:bob@example.test\r\nVoice-Message: 2/8 (0/2)\r\n';
    await publish('message-summary', summary, 'application/simple-message-summary');
    const alice = users.make('alice');
    alice.start();
    await nextEvent(alice, 'connected');
    const subscription = alice.subscribe('bob@example.test', 'message-summary', { expires: 60 });
    expect(subscription.request.getHeader('Accept')).toBe('application/simple-message-summary');
    const notified = notifications(subscription);
    const first = await notified.next();
    expect(first.contentType).toBe('application/simple-message-summary');
    expect(first.body).toContain('Messages-Waiting: yes');
    expect(first.body).toContain('Voice-Message: 2/8 (0/2)');
    subscription.unsubscribe();
    await nextEvent(subscription, 'terminated');
  });
});
