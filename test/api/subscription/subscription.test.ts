import { describe, expect, it } from 'vitest';
import { SIP } from '../../../src/index.js';
import { answer, CHALLENGE } from '../support/context-wire.js';
import { fromBob, settle, startedUa, stop } from '../support/started-ua.js';
import { answerSubscribe, headerLines, notifyAnswers, notifyFor, NOTIFIER_CONTACT, PIDF, RECORD_ROUTE, subscribes } from './support.js';

// RFC 6665 subscriber on a scripted WebSocket connection with a FakeClock: what goes on the wire, when,
// and what the application hears.

async function subscribed(config: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const wire = startedUa(config);
  wire.ua.start();
  await settle();
  const subscription = wire.ua.subscribe('bob@example.test', 'presence', { expires: 600, ...options });
  const seen: string[] = [];
  subscription.on('accepted', (response, cause) => seen.push(`accepted ${response.status_code} ${cause}`));
  subscription.on('notify', (n) => seen.push(`notify ${n.state} ${n.expires ?? '-'} ${n.reason ?? '-'}`));
  subscription.on('rejected', (response, cause) => seen.push(`rejected ${response?.status_code} ${cause}`));
  subscription.on('failed', (response, cause) => seen.push(`failed ${response?.status_code ?? '-'} ${cause}`));
  subscription.on('terminated', (_message, cause) => seen.push(`terminated ${cause ?? '-'}`));
  await settle();
  return { ...wire, subscription, seen };
}

/** Subscribed, answered 200 (Expires: 600) and notified active;expires=600. */
async function active(config: Record<string, unknown> = {}) {
  const s = await subscribed(config);
  const first = subscribes(s.transport)[0]!;
  s.transport.deliver(answerSubscribe(first, 200, ['Expires: 600']));
  await settle();
  s.transport.deliver(notifyFor(first, { state: 'active;expires=600', body: PIDF }));
  await settle();
  return { ...s, first };
}

describe('ua.subscribe(): the SUBSCRIBE', () => {
  it('carries Event, Expires, the package\'s Accept, the UA\'s Contact and Allow, CSeq 1 and no To tag (RFC 6665 §4.1.2.1)', async () => {
    const { transport, subscription, ua } = await subscribed();
    const [request] = subscribes(transport);
    const lines = headerLines(request!);
    expect(lines[0]).toBe('SUBSCRIBE sip:bob@example.test SIP/2.0');
    expect(lines).toContain('To: <sip:bob@example.test>');
    expect(lines).toContain('CSeq: 1 SUBSCRIBE');
    expect(lines).toContain(`Contact: <${ua.contact}>`);
    expect(lines).toContain('Allow: ACK, CANCEL, OPTIONS, MESSAGE, INVITE, BYE, INFO, UPDATE, REFER, NOTIFY');
    expect(lines.slice(-4)).toEqual(['Event: presence', 'Expires: 600', 'Accept: application/pidf+xml', 'Content-Length: 0']);
    expect(subscription.state).toBe('notify_wait');
    expect(Object.keys(ua.subscriptions)).toEqual([subscription.id]);
  });

  it('defaults to Expires: 3600 (legacy), takes extraHeaders, a body and accept, and names no Accept for an unknown package', async () => {
    const { ua, transport } = startedUa();
    ua.start();
    await settle();
    ua.subscribe('bob@example.test', 'x-custom', { extraHeaders: ['X-Trace: 1'], body: '<filter/>', contentType: 'application/xml' });
    ua.subscribe('bob@example.test', 'message-summary', { accept: ['application/simple-message-summary', 'text/plain'] });
    await settle();
    const [custom, mwi] = subscribes(transport);
    expect(custom!.rawHeader('Event')).toBe('x-custom');
    expect(custom!.rawHeader('Expires')).toBe('3600');
    expect(custom!.hasHeader('Accept')).toBe(false);
    expect(custom!.rawHeader('X-Trace')).toBe('1');
    expect(custom!.bodyText).toBe('<filter/>');
    expect(custom!.rawHeader('Content-Type')).toBe('application/xml');
    expect(mwi!.rawHeader('Accept')).toBe('application/simple-message-summary, text/plain');
  });

  it('refuses an event, expires or header line that would corrupt the wire, before anything is sent', async () => {
    const { ua, transport } = startedUa();
    ua.start();
    await settle();
    expect(() => ua.subscribe('bob@example.test', 'presence\r\nX: y')).toThrow(TypeError);
    expect(() => ua.subscribe('bob@example.test', '')).toThrow(TypeError);
    expect(() => ua.subscribe('bob@example.test', 'presence', { expires: -1 })).toThrow(/expires/);
    expect(() => ua.subscribe('bob@example.test', 'presence', { expires: 1.5 })).toThrow(/expires/);
    expect(() => ua.subscribe('bob@example.test', 'presence', { extraHeaders: ['X: a\r\nY: b'] })).toThrow(TypeError);
    await settle();
    expect(subscribes(transport)).toEqual([]);
  });

  it('answers a 407 with digest credentials: the retry has CSeq 2, and the dialog counts on from it', async () => {
    const { transport, subscription } = await subscribed({ password: 'secret' });
    const [first] = subscribes(transport);
    transport.deliver(answer(first!, 407, { toTag: 'p1', headers: [CHALLENGE.replace('WWW-Authenticate', 'Proxy-Authenticate')] }));
    await settle();
    const retry = subscribes(transport)[1]!;
    expect(retry.cseq.seq).toBe(2);
    expect(retry.callId).toBe(first!.callId);
    expect(retry.rawHeader('Proxy-Authorization')).toMatch(/^Digest username="alice", realm="example.com"/);
    expect(retry.rawHeader('Event')).toBe('presence');
    transport.deliver(answerSubscribe(retry, 200, ['Expires: 600']));
    transport.deliver(notifyFor(retry, { state: 'active;expires=600' }));
    await settle();
    subscription.refresh();
    await settle();
    expect(subscribes(transport)[2]!.cseq.seq).toBe(3);
  });
});

describe('the dialog and the NOTIFYs', () => {
  it('2xx then NOTIFY: answered 200 (Record-Route mirrored), `notify` with the state, expiry and PIDF body as text; state active', async () => {
    const { transport, subscription, seen } = await subscribed();
    const notifications: Array<{ body: string; contentType: string | undefined; method: string }> = [];
    subscription.on('notify', (n) => notifications.push({ body: n.body, contentType: n.contentType, method: n.request.method }));
    const [first] = subscribes(transport);
    transport.deliver(answerSubscribe(first!, 200, ['Expires: 600']));
    await settle();
    expect(subscription.state).toBe('notify_wait');
    transport.deliver(notifyFor(first!, { state: 'active;expires=600', body: PIDF }));
    await settle();
    const ok = transport.last.message;
    expect(headerLines(ok)).toEqual([
      'SIP/2.0 200 OK',
      expect.stringMatching(/^Via: SIP\/2.0\/WS 127.0.0.1:8080;branch=z9hG4bKnotify\d+$/),
      'From: <sip:bob@example.test>;tag=n1',
      `To: ${first!.rawHeader('From')}`,
      `Call-ID: ${first!.callId}`,
      'CSeq: 1 NOTIFY',
      `Record-Route: ${RECORD_ROUTE}`,
      'Content-Length: 0',
    ]);
    expect(seen).toEqual(['accepted 200 Reason', 'notify active 600 -']);
    expect(notifications).toEqual([{ body: PIDF, contentType: 'application/pidf+xml', method: 'NOTIFY' }]);
    expect(subscription.state).toBe('active');
  });

  it('a NOTIFY before the 2xx makes the dialog (RFC 6665 §4.1.2.4): 200, its Contact and Record-Route lead the refresh; another fork\'s NOTIFY gets 481', async () => {
    const { transport, subscription, seen, clock } = await subscribed();
    const [first] = subscribes(transport);
    transport.deliver(notifyFor(first!, { state: 'pending;expires=600', contact: '<sip:bob@192.0.2.30:5080>' }));
    await settle();
    expect(notifyAnswers(transport)).toEqual(['200 1']);
    expect(subscription.state).toBe('pending');
    transport.deliver(notifyFor(first!, { state: 'active;expires=600', fromTag: 'other-fork' }));
    await settle();
    expect(notifyAnswers(transport)).toEqual(['200 1', '481 1']);
    transport.deliver(answerSubscribe(first!, 200, ['Expires: 600']));
    await settle();
    expect(seen).toEqual(['notify pending 600 -', 'accepted 200 Reason']);
    clock.advance(540_000);
    await settle();
    const refresh = subscribes(transport)[1]!;
    expect(refresh.uri.toString()).toBe('sip:bob@192.0.2.30:5080');
    expect(refresh.rawHeaders('Route')).toEqual([RECORD_ROUTE]);
    expect(refresh.rawHeader('To')).toBe('<sip:bob@example.test>;tag=n1');
    expect(refresh.cseq.seq).toBe(2);
  });

  it('answers 481 to a NOTIFY outside any dialog, of another event package in the dialog, and 400 without Subscription-State or Event', async () => {
    const { transport, first } = await active();
    transport.deliver(notifyFor(first, { state: 'active', noToTag: true, branch: 'z9hG4bKood' }));
    transport.deliver(notifyFor(first, { state: 'active', cseq: 2, event: 'dialog' }));
    transport.deliver(fromBob('NOTIFY', { extra: ['Event: presence', 'Subscription-State: active'], callId: 'nobody' }));
    await settle();
    expect(notifyAnswers(transport)).toEqual(['200 1', '481 1', '481 2', '481 1']);
    transport.deliver(notifyFor(first, { state: 'active', cseq: 3 }).replace(/Subscription-State: active\r\n/, ''));
    transport.deliver(notifyFor(first, { state: 'active', cseq: 4, event: null }));
    await settle();
    const last = transport.sent.slice(-2).map((s) => ('status' in s.message ? `${s.message.status} ${s.message.reason}` : ''));
    expect(last).toEqual(['400 Bad Request (Subscription-State)', '400 Bad Request (Event)']);
  });
});

describe('refresh', () => {
  it('re-SUBSCRIBEs in the dialog with a tenth of the granted lifetime left, then by the shorter expiry a NOTIFY gives', async () => {
    const { transport, clock, subscription } = await active();
    clock.advance(539_999);
    await settle();
    expect(subscribes(transport)).toHaveLength(1);
    clock.advance(1);
    await settle();
    const refresh = subscribes(transport)[1]!;
    expect(transport.last.at).toBe(540_000);
    expect(headerLines(refresh).slice(0, 1)).toEqual([`SUBSCRIBE ${NOTIFIER_CONTACT.slice(1, -1)} SIP/2.0`]);
    expect(refresh.rawHeader('Expires')).toBe('600');
    expect(refresh.cseq.seq).toBe(2);
    const start = clock.now();
    transport.deliver(answerSubscribe(refresh, 200, ['Expires: 300']));
    await settle();
    // A 300 s grant: refreshed with 30 s left.
    clock.advance(269_999);
    await settle();
    expect(subscribes(transport)).toHaveLength(2);
    transport.deliver(notifyFor(refresh, { state: 'active;expires=60', cseq: 2 }));
    await settle();
    // RFC 6665 §4.1.3: 60 s left → refreshed with 6 s left.
    clock.advance(53_999);
    await settle();
    expect(subscribes(transport)).toHaveLength(2);
    clock.advance(1);
    await settle();
    expect(subscribes(transport)[2]!.cseq.seq).toBe(3);
    expect(transport.last.at).toBe(start + 269_999 + 54_000);
    expect(subscription.state).toBe('active');
  });

  it('a 423 to the SUBSCRIBE: sent again with Min-Expires, same Call-ID and From tag, CSeq 2', async () => {
    const { transport, seen } = await subscribed();
    const [first] = subscribes(transport);
    transport.deliver(answer(first!, 423, { toTag: 'x', headers: ['Min-Expires: 1800'] }));
    await settle();
    const again = subscribes(transport)[1]!;
    expect(again.rawHeader('Expires')).toBe('1800');
    expect(again.cseq.seq).toBe(2);
    expect(again.callId).toBe(first!.callId);
    expect(again.from.tag).toBe(first!.from.tag);
    expect(seen).toEqual([]);
    transport.deliver(answer(again, 423, { toTag: 'x', headers: ['Min-Expires: 1800'] }));
    await settle();
    expect(subscribes(transport)).toHaveLength(2);
    expect(seen).toEqual(['failed 423 SIP Failure Code', 'rejected 423 SIP Failure Code', 'terminated -']);
  });

  it('a 423 to a refresh: the refresh goes again once with Min-Expires', async () => {
    const { transport, clock } = await active();
    clock.advance(540_000);
    await settle();
    const refresh = subscribes(transport)[1]!;
    transport.deliver(answerSubscribe(refresh, 423, ['Min-Expires: 900']));
    await settle();
    const again = subscribes(transport)[2]!;
    expect(again.rawHeader('Expires')).toBe('900');
    expect(again.cseq.seq).toBe(3);
  });

  it('a 481 to a refresh ends the subscription (DIALOG_ERROR); its later NOTIFYs get 481', async () => {
    const { transport, clock, seen, subscription, ua, first } = await active();
    clock.advance(540_000);
    await settle();
    transport.deliver(answerSubscribe(subscribes(transport)[1]!, 481));
    await settle();
    expect(subscription.state).toBe('terminated');
    expect(seen.at(-1)).toBe('terminated Dialog Error');
    expect(ua.subscriptions).toEqual({});
    transport.deliver(notifyFor(first, { state: 'active', cseq: 5 }));
    await settle();
    expect(notifyAnswers(transport).at(-1)).toBe('481 5');
  });

  it('the granted lifetime runs out when no refresh succeeds: terminated with EXPIRES', async () => {
    const { transport, clock, seen } = await active();
    clock.advance(540_000);
    await settle();
    transport.deliver(answerSubscribe(subscribes(transport)[1]!, 500));
    await settle();
    expect(seen.at(-1)).toBe('notify active 600 -');
    clock.advance(60_000);
    await settle();
    expect(seen.at(-1)).toBe('terminated Expires');
  });
});

describe('Timer N', () => {
  it('a 2xx that no NOTIFY follows within 64·T1 ends the subscription (failed REQUEST_TIMEOUT); a NOTIFY after gets 481', async () => {
    const { transport, clock, seen, subscription } = await subscribed();
    const [first] = subscribes(transport);
    clock.advance(1000);
    transport.deliver(answerSubscribe(first!, 200, ['Expires: 600']));
    await settle();
    clock.advance(31_999);
    await settle();
    expect(subscription.state).toBe('notify_wait');
    clock.advance(1);
    await settle();
    expect(seen).toEqual(['accepted 200 Reason', 'failed - Request Timeout', 'terminated Request Timeout']);
    transport.deliver(notifyFor(first!, { state: 'active' }));
    await settle();
    expect(notifyAnswers(transport)).toEqual(['481 1']);
  });
});

describe('Subscription-State: terminated', () => {
  it('reason=deactivated: a new subscription at once (new Call-ID, CSeq 1)', async () => {
    const { transport, first, subscription, seen } = await active();
    transport.deliver(notifyFor(first, { state: 'terminated;reason=deactivated', cseq: 2 }));
    await settle();
    const again = subscribes(transport)[1]!;
    expect(again.callId).not.toBe(first.callId);
    expect(again.cseq.seq).toBe(1);
    expect(again.hasHeader('Route')).toBe(false);
    expect(subscription.state).toBe('notify_wait');
    expect(seen.at(-1)).toBe('notify terminated - deactivated');
    // The old dialog is gone.
    transport.deliver(notifyFor(first, { state: 'active', cseq: 3 }));
    await settle();
    expect(notifyAnswers(transport).at(-1)).toBe('481 3');
  });

  it('reason=probation;retry-after=30: a new subscription 30 s later', async () => {
    const { transport, first, clock, subscription } = await active();
    transport.deliver(notifyFor(first, { state: 'terminated;reason=probation;retry-after=30', cseq: 2 }));
    await settle();
    expect(subscription.state).toBe('init');
    const at = clock.now();
    clock.advance(29_999);
    await settle();
    expect(subscribes(transport)).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(subscribes(transport)).toHaveLength(2);
    expect(transport.last.at).toBe(at + 30_000);
  });

  it('reason=rejected or noresource: terminated (REJECTED), no new SUBSCRIBE', async () => {
    for (const reason of ['rejected', 'noresource']) {
      const { transport, first, seen, subscription } = await active();
      transport.deliver(notifyFor(first, { state: `terminated;reason=${reason}`, cseq: 2 }));
      await settle();
      expect(subscribes(transport)).toHaveLength(1);
      expect(subscription.state).toBe('terminated');
      expect(seen.slice(-2)).toEqual([`notify terminated - ${reason}`, 'terminated Rejected']);
    }
  });

  it('a notifier that ends every new subscription at once is followed three times, not forever', async () => {
    const { transport, first, subscription } = await active();
    transport.deliver(notifyFor(first, { state: 'terminated;reason=timeout', cseq: 2 }));
    await settle();
    for (let i = 1; i <= 3; i++) {
      const again = subscribes(transport)[i]!;
      transport.deliver(notifyFor(again, { state: 'terminated;reason=deactivated' }));
      await settle();
    }
    expect(subscribes(transport)).toHaveLength(4);
    expect(subscription.state).toBe('terminated');
  });
});

describe('unsubscribe()', () => {
  it('sends SUBSCRIBE Expires: 0 in the dialog and ends with the final NOTIFY; NOTIFYs after it get 481', async () => {
    const { transport, first, subscription, seen, clock } = await active();
    subscription.unsubscribe();
    await settle();
    const bye = subscribes(transport)[1]!;
    expect(bye.rawHeader('Expires')).toBe('0');
    expect(bye.rawHeader('Event')).toBe('presence');
    expect(bye.cseq.seq).toBe(2);
    expect(bye.rawHeaders('Route')).toEqual([RECORD_ROUTE]);
    expect(subscription.state).toBe('active');
    transport.deliver(answerSubscribe(bye, 200, ['Expires: 0']));
    transport.deliver(notifyFor(first, { state: 'terminated;reason=timeout', cseq: 2 }));
    await settle();
    expect(subscription.state).toBe('terminated');
    expect(seen.slice(-2)).toEqual(['notify terminated - timeout', 'terminated -']);
    transport.deliver(notifyFor(first, { state: 'active', cseq: 3 }));
    await settle();
    expect(notifyAnswers(transport)).toEqual(['200 1', '200 2', '481 3']);
    // No refresh is left behind.
    clock.advance(3_600_000);
    await settle();
    expect(subscribes(transport)).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('without a final NOTIFY it ends after 64·T1', async () => {
    const { transport, subscription, clock } = await active();
    subscription.unsubscribe();
    await settle();
    transport.deliver(answerSubscribe(subscribes(transport)[1]!, 200, ['Expires: 0']));
    await settle();
    clock.advance(31_999);
    await settle();
    expect(subscription.state).toBe('active');
    clock.advance(1);
    await settle();
    expect(subscription.state).toBe('terminated');
  });

  it('before the 2xx: the SUBSCRIBE with Expires: 0 goes once the 2xx makes the dialog', async () => {
    const { transport, subscription } = await subscribed();
    subscription.unsubscribe();
    await settle();
    expect(subscribes(transport)).toHaveLength(1);
    transport.deliver(answerSubscribe(subscribes(transport)[0]!, 200, ['Expires: 600']));
    await settle();
    const bye = subscribes(transport)[1]!;
    expect(bye.rawHeader('Expires')).toBe('0');
    expect(bye.rawHeader('To')).toMatch(/;tag=n1$/);
  });
});

describe('ua.stop()', () => {
  it('unsubscribes every live subscription, waits for the final NOTIFYs, and leaves no timer and no subscription', async () => {
    const { ua, transport, clock, first, subscription } = await active();
    const other = ua.subscribe('carol@example.test', 'message-summary');
    await settle();
    const mwi = subscribes(transport)[1]!;
    transport.deliver(answerSubscribe(mwi, 200, ['Expires: 3600']));
    transport.deliver(notifyFor(mwi, { state: 'active;expires=3600', event: 'message-summary', body: 'Messages-Waiting: yes\r\n', contentType: 'application/simple-message-summary' }));
    await settle();
    expect(Object.keys(ua.subscriptions)).toHaveLength(2);
    const stopping = ua.stop();
    await settle();
    const byes = subscribes(transport).slice(2);
    expect(byes.map((r) => `${r.callId === first.callId ? 'presence' : 'mwi'} ${r.rawHeader('Expires')}`)).toEqual(['presence 0', 'mwi 0']);
    transport.deliver(answerSubscribe(byes[0]!, 200, ['Expires: 0']));
    transport.deliver(notifyFor(first, { state: 'terminated', cseq: 2 }));
    transport.deliver(answerSubscribe(byes[1]!, 200, ['Expires: 0']));
    transport.deliver(notifyFor(mwi, { state: 'terminated', cseq: 2, event: 'message-summary' }));
    await settle();
    clock.advance(100);
    await stopping;
    expect([subscription.state, other.state]).toEqual(['terminated', 'terminated']);
    expect(ua.subscriptions).toEqual({});
    expect(clock.pending).toBe(0);
  });

  it('a notifier that never answers: stop() ends the subscriptions anyway, with every timer cleared', async () => {
    const { ua, clock, subscription } = await active();
    ua.subscribe('carol@example.test', 'presence');
    await stop(ua, clock);
    expect(subscription.state).toBe('terminated');
    expect(ua.subscriptions).toEqual({});
    expect(clock.pending).toBe(0);
  });
});

describe('untrusted NOTIFYs', () => {
  it('odd values never throw: each NOTIFY is answered, huge expires and retry-after are capped, nothing fires at once', async () => {
    const { transport, first, clock, subscription } = await active();
    const states = [
      'active;expires=99999999999999',
      'active;expires=abc',
      'weird-state;expires=10',
      'active;expires=-5',
      'active;expires=600;reason',
      'terminated;reason=probation;retry-after=99999999999',
    ];
    states.forEach((state, i) => transport.deliver(notifyFor(first, { state, cseq: i + 2 })));
    transport.deliver(notifyFor(first, { state: 'active', cseq: 10, event: 'presence;id=' }));
    await settle();
    const answers = notifyAnswers(transport).slice(1);
    expect(answers).toHaveLength(7);
    expect(answers.every((a) => /^(200|400|481) \d+$/.test(a))).toBe(true);
    // The probation wait is capped at 2^31-1 ms (~24.8 days), not fired at once by a timer overflow.
    expect(subscription.state).toBe('init');
    clock.advance(1000);
    await settle();
    expect(subscribes(transport)).toHaveLength(1);
  });
});

describe('legacy out-of-dialog NOTIFY', () => {
  it('reaches the UA\'s `notify` listener (200) with allowLegacyNotifications, and gets 481 without', async () => {
    for (const allow of [true, false]) {
      const { ua, transport } = startedUa({ allowLegacyNotifications: allow });
      ua.start();
      await settle();
      const seen: string[] = [];
      ua.on('notify', ({ request }) => seen.push(`${request.method} ${request.getHeader('Event')}`));
      transport.deliver(fromBob('NOTIFY', { extra: ['Event: check-sync', 'Subscription-State: terminated'] }));
      await settle();
      expect(notifyAnswers(transport)).toEqual([allow ? '200 1' : '481 1']);
      expect(seen).toEqual(allow ? ['NOTIFY check-sync'] : []);
    }
  });
});

describe('legacy surface', () => {
  it('subscribe() after the end makes a new subscription (new Call-ID), listed in ua.subscriptions again once accepted', async () => {
    const { transport, first, subscription, ua } = await active();
    transport.deliver(notifyFor(first, { state: 'terminated;reason=noresource', cseq: 2 }));
    await settle();
    expect(ua.subscriptions).toEqual({});
    subscription.subscribe();
    await settle();
    const again = subscribes(transport)[1]!;
    expect(again.callId).not.toBe(first.callId);
    transport.deliver(answerSubscribe(again, 200, ['Expires: 600']));
    await settle();
    expect(Object.values(ua.subscriptions)).toEqual([subscription]);
  });

  it('SIP.Subscription is the class ua.subscribe() returns; subscribe() while waiting or refresh() before active send nothing', async () => {
    const { subscription, transport } = await subscribed();
    expect(subscription).toBeInstanceOf(SIP.Subscription);
    subscription.subscribe();
    subscription.refresh();
    await settle();
    expect(subscribes(transport)).toHaveLength(1);
  });
});
