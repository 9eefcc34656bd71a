import { describe, expect, it } from 'vitest';
import type { SubscriptionNotification } from '../../src/api/index.js';
import { SipRequest, SipResponse } from '../../src/syntax/index.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { flow, requestsOf, responsesOf, tracedUa, until, uris } from '../support/traced-ua.js';

// A Node UA (alice, over WebSocket) subscribes to message-summary (RFC 3842) of a SIPp notifier (carol) through
// Kamailio, the harness proxy, which Record-Routes the SUBSCRIBE and the NOTIFYs (conformance/targets/kamailio/sipp/
// uas_notifier.xml): the NOTIFY that comes before the 200 makes the dialog (RFC 6665 §4.1.2.4), and the refresh
// and the un-SUBSCRIBE follow its route set.

const { users, sippUas } = useKamailio({ defines: ['SINGLE_WORKER'] });

describe('a SIPp notifier through Kamailio', () => {
  it('NOTIFY before the 200 makes the dialog; refresh and unsubscribe go by its Contact and Record-Route; the final NOTIFY ends it', async () => {
    const notifier = await sippUas('carol', 'uas_notifier.xml');
    const { ua, wire } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const subscription = ua.subscribe('carol@example.test', 'message-summary', { expires: 60 });
    const notifications: SubscriptionNotification[] = [];
    subscription.on('notify', (n) => notifications.push(n));
    await nextEvent(subscription, 'accepted');
    await until(() => notifications.length === 1);
    const callId = subscription.request.call_id;
    // 407 to the first SUBSCRIBE (the harness challenges WS requests), then the NOTIFY before the 200.
    expect(flow(wire.received, callId)).toEqual(['407 SUBSCRIBE', 'NOTIFY 1', '200 SUBSCRIBE']);
    expect(notifications[0]!.state).toBe('active');
    expect(notifications[0]!.body).toContain('Voice-Message: 1/3 (0/0)');
    expect(notifications[0]!.contentType).toBe('application/simple-message-summary');
    expect(subscription.state).toBe('active');

    const [notify] = requestsOf(wire.received, 'NOTIFY', callId) as [SipRequest];
    const [okToNotify] = responsesOf(wire.sent, 'NOTIFY', callId) as [SipResponse];
    expect(okToNotify.status).toBe(200);
    expect(okToNotify.rawHeaders('Record-Route')).toEqual(notify.rawHeaders('Record-Route'));

    subscription.refresh();
    await until(() => notifications.length === 2);
    expect(notifications[1]!.body).toContain('Voice-Message: 2/3 (0/0)');
    const terminated = nextEvent<[unknown, unknown]>(subscription, 'terminated');
    subscription.unsubscribe();
    const [, cause] = await terminated;
    expect(cause).toBeUndefined();
    expect(notifications.map((n) => n.state)).toEqual(['active', 'active', 'terminated']);

    const [, accepted, refresh, unsubscribe] = requestsOf(wire.sent, 'SUBSCRIBE', callId) as SipRequest[];
    // RFC 6665 §4.1.2.4 with RFC 3261 §12.1.1: remote target from the NOTIFY's Contact, route set its Record-Route in order.
    for (const request of [refresh!, unsubscribe!]) {
      expect(request.uri.toString()).toBe(notify.contact[0]!.uri!.toString());
      expect(uris(request, 'Route')).toEqual(uris(notify, 'Record-Route'));
      expect(request.to.tag).toBe(notify.from.tag);
    }
    expect([accepted!.cseq.seq, refresh!.cseq.seq, unsubscribe!.cseq.seq]).toEqual([2, 3, 4]);
    expect([refresh!.rawHeader('Expires'), unsubscribe!.rawHeader('Expires')]).toEqual(['60', '0']);
    const result = await notifier.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    expect(ua.subscriptions).toEqual({});
  });
});
