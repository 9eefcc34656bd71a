import { describe, expect, it } from 'vitest';
import { InviteClientContext, InviteServerContext, SessionStatus } from '../../src/api/contexts/index.js';
import type { SessionTimerSettings } from '../../src/session/index.js';
import type { SipRequest, SipResponse } from '../../src/syntax/index.js';
import { incoming } from '../api/support/incoming-request.js';
import { peerSdp } from '../support/fake-media-handler.js';
import { acceptedCall, answer, answeredCall, callWire, EDGE, record, settle } from './support/call.js';

// Session timers (RFC 4028) on the fake clock: what our INVITE asks, the 2xx deciding interval and
// refresher, the refresh at half the interval (UPDATE by default, re-INVITE when asked or when the
// peer does not allow UPDATE), the BYE at SE − min(32, SE/3) when the peer was to refresh and did
// not, the one retry after a 422, and the UAS side: 422 below our Min-SE, the refresher we choose.

const TIMERS: SessionTimerSettings = { refreshMethod: 'UPDATE', minSessionExpires: 90, sessionExpires: 1800 };
const lastRequest = (transport: { requests: SipRequest[] }): SipRequest => transport.requests.at(-1)!;
const methods = (transport: { requests: SipRequest[] }): string[] => transport.requests.map((r) => r.method);
const SE_90_UAC = ['Session-Expires: 90;refresher=uac', 'Require: timer', 'Supported: timer', 'Allow: INVITE, ACK, BYE, CANCEL, UPDATE'];

describe('as the caller (RFC 4028 §7)', () => {
  it('asks for 1800 s with our Min-SE in the INVITE', async () => {
    const { invite } = await answeredCall({ sessionTimers: TIMERS });
    expect([invite.rawHeader('Session-Expires'), invite.rawHeader('Min-SE')]).toEqual(['1800', '90']);
  });

  it('a 200 with Session-Expires: 90;refresher=uac → an UPDATE without a body at 45 s, byte for byte, and again 45 s after its 200', async () => {
    const { transport, deliver, clock, context } = await answeredCall({ sessionTimers: TIMERS, answerHeaders: SE_90_UAC });
    expect(context.sessionTimer).toEqual({ interval: 90, refresher: 'local' });
    clock.advance(44_999);
    await settle();
    expect(methods(transport)).toEqual(['INVITE', 'ACK']);
    clock.advance(1);
    await settle();
    expect(transport.last.text).toBe(
      'UPDATE sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-6\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com;transport=ws;lr>\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 UPDATE\r\n' +
        'Contact: <sip:k7d2@ua1.invalid;transport=ws>\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Supported: timer\r\n' +
        'Session-Expires: 90;refresher=uac\r\n' +
        'Min-SE: 90\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
    await deliver(answer(lastRequest(transport), 200, { toTag: 'b1', headers: ['Session-Expires: 90;refresher=uac', 'Require: timer'] }));
    clock.advance(44_999);
    await settle();
    expect(methods(transport)).toEqual(['INVITE', 'ACK', 'UPDATE']);
    clock.advance(1);
    await settle();
    expect([lastRequest(transport).method, lastRequest(transport).rawHeader('CSeq')]).toEqual(['UPDATE', '3 UPDATE']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('refreshes by re-INVITE (an offer with the hold state unchanged) when configured so, and when the peer does not allow UPDATE', async () => {
    const configured = await answeredCall({ sessionTimers: { ...TIMERS, refreshMethod: 'INVITE' }, answerHeaders: SE_90_UAC });
    configured.clock.advance(45_000);
    await settle();
    const reinvite = lastRequest(configured.transport);
    expect([reinvite.method, reinvite.rawHeader('CSeq'), reinvite.rawHeader('Session-Expires'), reinvite.rawHeader('Supported')]).toEqual(['INVITE', '2 INVITE', '90;refresher=uac', 'timer']);
    expect(reinvite.bodyText).toMatch(/a=sendrecv\r\n/);
    await configured.deliver(answer(reinvite, 200, { toTag: 'b1', headers: ['Session-Expires: 90;refresher=uac'], body: peerSdp({ version: 2 }) }));
    expect(methods(configured.transport)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK']);

    const noUpdate = await answeredCall({ sessionTimers: TIMERS, answerHeaders: ['Session-Expires: 90;refresher=uac', 'Allow: INVITE, ACK, BYE, CANCEL'] });
    noUpdate.clock.advance(45_000);
    await settle();
    expect(lastRequest(noUpdate.transport).method).toBe('INVITE');
  });

  it('refresher=uas and the peer silent → BYE at 60 s (90 − min(32, 30)) with a Reason; bye, then terminated with Request Timeout', async () => {
    const { transport, clock, seen, handler } = await answeredCall({ sessionTimers: TIMERS, answerHeaders: ['Session-Expires: 90;refresher=uas', 'Require: timer'] });
    clock.advance(59_999);
    await settle();
    expect(methods(transport)).toEqual(['INVITE', 'ACK']);
    clock.advance(1);
    await settle();
    const bye = lastRequest(transport);
    expect([bye.method, bye.rawHeader('CSeq'), bye.rawHeader('Reason')]).toEqual(['BYE', '2 BYE', 'SIP;cause=408;text="Session Timer Expired"']);
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated none Request Timeout']);
    expect(handler.closed).toBe(true);
  });

  it("the peer's refresh restarts the wait: an UPDATE at 40 s answered with the interval, the BYE only 60 s after it", async () => {
    const { transport, clock, deliver, fromBob } = await answeredCall({ sessionTimers: TIMERS, answerHeaders: ['Session-Expires: 90;refresher=uas', 'Require: timer'] });
    clock.advance(40_000);
    await deliver(fromBob('UPDATE', 1, { headers: ['Supported: timer', 'Session-Expires: 90;refresher=uac'] }));
    const ok = transport.last.message as SipResponse;
    expect([ok.status, ok.rawHeader('Session-Expires'), ok.rawHeader('Require')]).toEqual([200, '90;refresher=uac', 'timer']);
    clock.advance(59_999);
    await settle();
    expect(methods(transport)).toEqual(['INVITE', 'ACK']);
    clock.advance(1);
    await settle();
    expect(lastRequest(transport).method).toBe('BYE');
  });

  it('a 2xx without Session-Expires means no session timer: no refresh, no BYE', async () => {
    const { transport, clock, context } = await answeredCall({ sessionTimers: TIMERS });
    clock.advance(3_600_000);
    await settle();
    expect(methods(transport)).toEqual(['INVITE', 'ACK']);
    expect(context.sessionTimer).toEqual({ interval: undefined, refresher: undefined });
  });

  it('422 → exactly one retry: a new INVITE (CSeq 2, same Call-ID and offer) asking the Min-SE of the 422; a second 422 ends the call', async () => {
    const w = callWire({ sessionTimers: { ...TIMERS, sessionExpires: 90 } });
    const context = new InviteClientContext(w.env, 'sip:bob@example.com', {});
    const seen = record(context);
    context.invite();
    await settle();
    const first = lastRequest(w.transport);
    expect([first.rawHeader('Session-Expires'), first.rawHeader('Min-SE')]).toEqual(['90', '90']);
    await w.deliver(answer(first, 422, { toTag: 'x1', headers: ['Min-SE: 300'] }));
    const retry = lastRequest(w.transport);
    expect(methods(w.transport)).toEqual(['INVITE', 'ACK', 'INVITE']);
    expect([retry.rawHeader('CSeq'), retry.callId, retry.from.tag, retry.rawHeader('Session-Expires'), retry.rawHeader('Min-SE')]).toEqual([
      '2 INVITE', first.callId, first.from.tag, '300', '300',
    ]);
    expect(retry.rawHeader('Via')).not.toBe(first.rawHeader('Via'));
    expect(retry.bodyText).toBe(first.bodyText);
    await w.deliver(answer(retry, 422, { toTag: 'x2', headers: ['Min-SE: 600'] }));
    expect(methods(w.transport)).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK']);
    expect(seen).toEqual(['failed 422 SIP Failure Code', 'terminated 422 SIP Failure Code']);
  });

  it('a 422 to our refresh UPDATE gets one retry with the larger interval', async () => {
    const { transport, clock, deliver } = await answeredCall({ sessionTimers: TIMERS, answerHeaders: SE_90_UAC });
    clock.advance(45_000);
    await settle();
    await deliver(answer(lastRequest(transport), 422, { toTag: 'b1', headers: ['Min-SE: 120'] }));
    const retry = lastRequest(transport);
    expect([retry.method, retry.rawHeader('CSeq'), retry.rawHeader('Session-Expires'), retry.rawHeader('Min-SE')]).toEqual(['UPDATE', '3 UPDATE', '120;refresher=uac', '120']);
    await deliver(answer(retry, 422, { toTag: 'b1', headers: ['Min-SE: 150'] }));
    expect(methods(transport)).toEqual(['INVITE', 'ACK', 'UPDATE', 'UPDATE']);
  });
});

describe('as the callee (RFC 4028 §9)', () => {
  it('an INVITE asking less than our Min-SE gets 422 with our Min-SE, before the application hears of it', async () => {
    const w = callWire({ sessionTimers: { ...TIMERS, minSessionExpires: 120 } });
    const offered: InviteServerContext[] = [];
    w.core.handle('INVITE', (request) => {
      const context = new InviteServerContext({ ...w.env, contact: '<sip:k7d2@ua1.invalid;transport=ws>' }, request);
      void context.prepare().then((ready) => ready && offered.push(context));
    });
    await w.deliver(incoming('INVITE', { extra: ['Supported: timer', 'Session-Expires: 90', 'Min-SE: 90'], body: peerSdp(), contentType: 'application/sdp' }));
    expect(w.transport.last.text).toMatch(/^SIP\/2\.0 422 Session Interval Too Small\r\n/);
    expect((w.transport.last.message as SipResponse).rawHeader('Min-SE')).toBe('120');
    expect(offered).toEqual([]);
  });

  it('a caller that supports timers and names no refresher: our 200 says Session-Expires with refresher=uac and Require: timer; no refresh from it → BYE at SE − 32', async () => {
    const { transport, clock, seen, context } = await acceptedCall({ sessionTimers: TIMERS, inviteHeaders: ['Supported: timer', 'Session-Expires: 120'] });
    const ok = transport.sent.map((s) => s.message).find((m): m is SipResponse => 'status' in m && m.status === 200)!;
    expect([ok.rawHeader('Session-Expires'), ok.rawHeader('Require'), ok.rawHeader('Supported')]).toEqual(['120;refresher=uac', 'timer', 'timer']);
    expect(context.sessionTimer).toEqual({ interval: 120, refresher: 'remote' });
    clock.advance(87_999);
    await settle();
    expect(methods(transport)).toEqual([]);
    clock.advance(1);
    await settle();
    expect(methods(transport)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'bye BYE', 'terminated none Request Timeout']);
  });

  it('a caller without timer support: we refresh (refresher=uas, no Require), at half our interval, by UPDATE when its Allow lists it', async () => {
    const { transport, clock, deliver } = await acceptedCall({ sessionTimers: TIMERS, inviteHeaders: ['Allow: INVITE, ACK, BYE, CANCEL, UPDATE'] });
    const ok = transport.sent.map((s) => s.message).find((m): m is SipResponse => 'status' in m && m.status === 200)!;
    expect([ok.rawHeader('Session-Expires'), ok.hasHeader('Require')]).toEqual(['1800;refresher=uas', false]);
    clock.advance(899_999);
    await settle();
    expect(methods(transport)).toEqual([]);
    clock.advance(1);
    await settle();
    const refresh = lastRequest(transport);
    expect([refresh.method, refresh.rawHeader('Session-Expires'), refresh.rawHeader('Route')]).toEqual(['UPDATE', '1800;refresher=uac', EDGE]);
    await deliver(answer(refresh, 200, { toTag: 'bob1', headers: ['Session-Expires: 1800;refresher=uac'] }));
    clock.advance(900_000);
    await settle();
    expect(methods(transport)).toEqual(['UPDATE', 'UPDATE']);
  });

  it("a caller's refresher choice is kept (refresher=uas: we refresh), and an in-dialog refresh below our Min-SE gets 422", async () => {
    const { transport, deliver, fromBob, context } = await acceptedCall({ sessionTimers: TIMERS, inviteHeaders: ['Supported: timer', 'Session-Expires: 300;refresher=uas'] });
    expect(context.sessionTimer).toEqual({ interval: 300, refresher: 'local' });
    await deliver(fromBob('UPDATE', 6, { headers: ['Supported: timer', 'Session-Expires: 60'] }));
    const refused = transport.last.message as SipResponse;
    expect([refused.status, refused.rawHeader('Min-SE')]).toEqual([422, '90']);
    await deliver(fromBob('INVITE', 7, { headers: ['Supported: timer', 'Session-Expires: 45'], body: peerSdp({ version: 2 }) }));
    expect(transport.statuses.at(-1)).toBe(422);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });
});

describe('untrusted session timer headers', () => {
  it('a 2xx whose Session-Expires does not parse, or is 0, gives no timer; a huge one is capped below the platform timer limit', async () => {
    for (const value of ['abc', '0', '-5']) {
      const { context, transport, clock } = await answeredCall({ sessionTimers: TIMERS, answerHeaders: [`Session-Expires: ${value}`] });
      expect(context.sessionTimer.interval).toBeUndefined();
      clock.advance(3_600_000);
      await settle();
      expect(methods(transport)).toEqual(['INVITE', 'ACK']);
    }
    const huge = await answeredCall({ sessionTimers: TIMERS, answerHeaders: ['Session-Expires: 99999999999;refresher=uas'] });
    expect(huge.context.sessionTimer).toEqual({ interval: 2_000_000, refresher: 'remote' });
  });

  it('a 422 without a usable Min-SE ends the call without a retry', async () => {
    const w = callWire({ sessionTimers: TIMERS });
    const context = new InviteClientContext(w.env, 'sip:bob@example.com', {});
    context.invite();
    await settle();
    await w.deliver(answer(lastRequest(w.transport), 422, { toTag: 'x1', headers: ['Min-SE: lots'] }));
    expect(methods(w.transport)).toEqual(['INVITE', 'ACK']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
  });
});
