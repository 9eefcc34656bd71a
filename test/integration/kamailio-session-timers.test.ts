import { describe, expect, it, onTestFinished } from 'vitest';
import type { InviteServerContext, LegacyResponse } from '../../src/node.js';
import type { SipResponse } from '../../src/syntax/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, waitForListener, type SippProcess } from '../support/sipp.js';
import { requestsOf, responsesOf, scenario, tracedUa, until } from '../support/traced-ua.js';

// Session timers (RFC 4028) with SIPp peers through Kamailio, in real time: the refresh we owe at half
// a 90 s interval (the one scenario that waits 45 s), the one retry after a 422, and our 422 to an
// INVITE asking less than our Min-SE. The BYE when the peer does not refresh is shown on the fake clock
// (test/session/session-timers.test.ts): 60 s of real time buys nothing more.

const { users, kamailio, sippUas } = useKamailio({ defines: ['SINGLE_WORKER'] });

/** `registeredSippUas` with room for a scenario that waits longer than its 30 s limit. */
async function slowSippUas(user: string, file: string, timeoutMs: number): Promise<SippProcess> {
  const port = await freePortBlock(SIPP_PORTS);
  const local = sippLocal(port);
  const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio().ports.sip}`, '-s', user, '-au', user, '-ap', 'secret', '-m', '1', ...local], 15_000);
  expect(registration.code, registration.output).toBe(0);
  const uas = startSipp(['-sf', scenario(file), '-s', user, '-m', '1', ...local], timeoutMs);
  try {
    await waitForListener('UDP', port);
  } catch (error) {
    await uas.kill();
    throw error;
  }
  return uas;
}

describe('session timers through Kamailio (RFC 4028)', () => {
  it('a 200 with Session-Expires: 90;refresher=uac → our refresh UPDATE 45 ± 5 s later, carrying the interval, answered 200', async () => {
    const uas = await slowSippUas('u341', 'uas_session_timer.xml', 65_000);
    onTestFinished(() => uas.kill());
    const { ua, wire } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u341@example.test');
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const callId = ok.call_id;
    expect(call.sessionTimer).toEqual({ interval: 90, refresher: 'local' });
    await until(() => responsesOf(wire.received, 'UPDATE', callId).length === 1, 55_000, 'the refresh and its 200');
    call.bye();
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

    const answeredAt = wire.received.find((t) => 'status' in t.message && t.message.status === 200 && t.message.cseq.method === 'INVITE')!.at;
    const refresh = wire.sent.find((t) => 'method' in t.message && t.message.method === 'UPDATE')!;
    const waited = refresh.at - answeredAt;
    expect(waited).toBeGreaterThanOrEqual(40_000);
    expect(waited).toBeLessThanOrEqual(50_000);
    const [update] = requestsOf(wire.sent, 'UPDATE', callId);
    expect([update!.rawHeader('Session-Expires'), update!.rawHeader('Min-SE'), update!.rawHeader('Supported'), update!.body.length]).toEqual(['90;refresher=uac', '90', 'timer', 0]);
    const invite = requestsOf(wire.sent, 'INVITE', callId)[0]!;
    expect([invite.rawHeader('Session-Expires'), invite.rawHeader('Min-SE')]).toEqual(['1800', '90']);
    expect(invite.rawHeader('Supported')).toMatch(/\btimer\b/);
  }, 75_000);

  it('a 422 with Min-SE: 3600 (we asked 1800) → exactly one retry asking Session-Expires: 3600 with that Min-SE, same Call-ID, higher CSeq; answered and timed', async () => {
    const uas = await sippUas('u342', 'uas_session_timer_422.xml');
    const { ua, wire } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u342@example.test');
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const callId = ok.call_id;
    expect(call.sessionTimer).toEqual({ interval: 3600, refresher: 'local' });
    call.bye();
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    // Each attempt may be challenged by the proxy first (407, then the same INVITE with credentials).
    const invites = requestsOf(wire.sent, 'INVITE', callId);
    const asked = invites.map((r) => `${r.rawHeader('Session-Expires')}/${r.rawHeader('Min-SE')}`);
    const firstRetry = asked.indexOf('3600/3600');
    expect(firstRetry).toBeGreaterThan(0);
    expect(new Set(asked.slice(0, firstRetry))).toEqual(new Set(['1800/90']));
    expect(new Set(asked.slice(firstRetry))).toEqual(new Set(['3600/3600']));
    expect(invites[firstRetry]!.cseq.seq).toBeGreaterThan(invites[firstRetry - 1]!.cseq.seq);
    const finals = responsesOf(wire.received, 'INVITE', callId).map((r) => r.status).filter((s) => s >= 200 && s !== 407);
    expect(finals).toEqual([422, 200]);
  }, 40_000);

  it('an INVITE asking Session-Expires: 60 gets 422 with our Min-SE: 90; the application never hears of it', async () => {
    const { ua, wire } = tracedUa(users, 'bob', { register: true });
    const offered: InviteServerContext[] = [];
    ua.on('invite', (call) => offered.push(call));
    const registered = nextEvent(ua, 'registered');
    ua.start();
    await registered;
    const port = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(['-sf', scenario('uac_session_timer_small.xml'), `127.0.0.1:${kamailio().ports.sip}`, '-s', 'bob', '-m', '1', ...sippLocal(port)], 30_000);
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    const refusal = wire.sent.map((t) => t.message).find((m): m is SipResponse => 'status' in m && m.cseq.method === 'INVITE')!;
    expect([refusal.status, refusal.reason, refusal.rawHeader('Min-SE')]).toEqual([422, 'Session Interval Too Small', '90']);
    expect(offered).toEqual([]);
  }, 40_000);
});
