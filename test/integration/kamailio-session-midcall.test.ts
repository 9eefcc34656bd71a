import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InviteClientContext, InviteServerContext, LegacyResponse } from '../../src/node.js';
import type { SipRequest } from '../../src/syntax/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, type SippProcess } from '../support/sipp.js';
import { requestsOf, responsesOf, scenario, tracedUa, until, uris, type Traced } from '../support/traced-ua.js';

// In the middle of calls through Kamailio: a Node UA holds and takes back a call to SIPp by re-INVITE
// (RFC 3264 §8.4), sends DTMF to it by INFO, and two Node UAs that re-INVITE each other at the same
// moment resolve the glare (RFC 3261 §14.1: 491, then each retries after its own wait).

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
const running: SippProcess[] = [];

beforeAll(async () => {
  kamailio = await startKamailio({ defines: ['SINGLE_WORKER'] });
}, 20_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((sipp) => sipp.kill()));
  await users.stopAll();
}, 20_000);

afterAll(async () => {
  await kamailio?.stop();
});

async function sippUas(user: string, file: string): Promise<SippProcess> {
  const port = await freePortBlock(SIPP_PORTS);
  const local = sippLocal(port);
  const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', user, '-au', user, '-ap', 'secret', '-m', '1', ...local], 15_000);
  expect(registration.code, registration.output).toBe(0);
  const uas = startSipp(['-sf', scenario(file), '-s', user, '-m', '1', ...local], 30_000);
  running.push(uas);
  return uas;
}

const sdpVersion = (body: string): string => /^o=\S+ \S+ (\d+) /m.exec(body)![1]!;
const sdpDirection = (body: string): string => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(body)![1]!;

describe('a Node UA in a call to SIPp through Kamailio', () => {
  it('holds and takes back the call by re-INVITE: sendonly then sendrecv, o= version + 1 each, by the route set; hold/unhold local', async () => {
    const uas = await sippUas('u301', 'uas_hold.xml');
    const { ua, wire } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u301@example.test');
    const events: string[] = [];
    call.on('hold', (d) => events.push(`hold ${d.originator}`));
    call.on('unhold', (d) => events.push(`unhold ${d.originator}`));
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const callId = ok.call_id;
    call.hold();
    await until(() => responsesOf(wire.received, 'INVITE', callId).filter((r) => r.status === 200).length >= 2);
    expect(call.isOnHold()).toEqual({ local: true, remote: false });
    call.unhold();
    await until(() => new Set(responsesOf(wire.received, 'INVITE', callId).filter((r) => r.status === 200).map((r) => r.cseq.seq)).size === 3);
    await until(() => requestsOf(wire.sent, 'ACK', callId).length >= 4);
    call.bye();
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

    const invites = requestsOf(wire.sent, 'INVITE', callId);
    const [initial, hold, unhold] = [invites.at(-3)!, invites.at(-2)!, invites.at(-1)!];
    expect([hold.cseq.seq, unhold.cseq.seq]).toEqual([initial.cseq.seq + 1, initial.cseq.seq + 2]);
    expect([sdpVersion(initial.bodyText), sdpVersion(hold.bodyText), sdpVersion(unhold.bodyText)]).toEqual(['1', '2', '3']);
    expect([sdpDirection(hold.bodyText), sdpDirection(unhold.bodyText)]).toEqual(['sendonly', 'sendrecv']);
    const routeSet = uris(ok.message, 'Record-Route').reverse();
    for (const reinvite of [hold, unhold]) {
      expect(reinvite.uri.toString()).toBe(ok.message.contact[0]!.uri!.toString());
      expect(uris(reinvite, 'Route')).toEqual(routeSet);
      expect(reinvite.contact).toHaveLength(1);
    }
    expect(events).toEqual(['hold local', 'unhold local']);
  }, 40_000);

  it('sends DTMF 123# by INFO (application/dtmf-relay), one INFO per digit in order, each answered 200', async () => {
    const uas = await sippUas('u302', 'uas.xml');
    const { ua, wire } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u302@example.test');
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const callId = ok.call_id;
    call.dtmf('123#', { duration: 100, interToneGap: 70 });
    await until(() => responsesOf(wire.received, 'INFO', callId).length === 4, 5000, 'four answered INFO');
    call.bye();
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    const infos = requestsOf(wire.sent, 'INFO', callId);
    expect(infos.map((r) => r.bodyText)).toEqual(['1', '2', '3', '#'].map((tone) => `Signal=${tone}\r\nDuration=100\r\n`));
    expect(infos.map((r) => r.rawHeader('Content-Type'))).toEqual(Array(4).fill('application/dtmf-relay'));
    const first = infos[0]!.cseq.seq;
    expect(infos.map((r) => r.cseq.seq)).toEqual([first, first + 1, first + 2, first + 3]);
    expect(responsesOf(wire.received, 'INFO', callId).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const info of infos) expect(uris(info, 'Route')).toEqual(uris(ok.message, 'Record-Route').reverse());
  }, 40_000);
});

describe('glare between two Node UAs through Kamailio (RFC 3261 §14.1, §14.2)', () => {
  /** When `wire` logged the first message matching `match`, ms. */
  const at = (traced: Traced[], match: (message: Traced['message']) => boolean): number => traced.find((t) => match(t.message))!.at;

  it('both hold at once: each answers the other 491; the callee retries 0–2 s later, the caller (who owns the Call-ID) 2.1–4 s later; both end held', async () => {
    // Both draw the middle of their window: 1000 ms for the callee, 3050 ms for the caller.
    const services = { random: () => 0.5 };
    const alice = tracedUa(users, 'alice', {}, services);
    const bob = tracedUa(users, 'bob', { register: true }, services);
    const incoming = nextEvent<[InviteServerContext]>(bob.ua, 'invite');
    const registered = nextEvent(bob.ua, 'registered');
    bob.ua.start();
    alice.ua.start();
    await Promise.all([registered, nextEvent(alice.ua, 'connected')]);

    const call: InviteClientContext = alice.ua.invite('bob@example.test');
    const [answering] = await incoming;
    const confirmed = nextEvent(answering, 'confirmed');
    answering.accept();
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    await confirmed;
    const callId = ok.call_id;
    const events: string[] = [];
    call.on('hold', (d) => events.push(`alice hold ${d.originator}`));
    answering.on('hold', (d) => events.push(`bob hold ${d.originator}`));

    call.hold();
    answering.hold();
    const reinvites = (traced: Traced[]): SipRequest[] => requestsOf(traced, 'INVITE', callId).filter((r) => r.to.tag !== undefined);
    await until(() => reinvites(alice.wire.sent).length === 2 && reinvites(bob.wire.sent).length === 2, 6000, 'both retries');
    await until(() => events.length === 4, 3000, 'all hold events');

    // Each side answered the other's first re-INVITE 491, and its retry 200.
    // Each side's answers, one per request (retransmissions aside); bob's first was the 200 to the initial INVITE.
    const answers = (side: typeof alice): number[] => [...new Map(responsesOf(side.wire.sent, 'INVITE', callId).map((r) => [r.cseq.seq, r.status])).values()];
    expect(answers(alice)).toEqual([491, 200]);
    expect(answers(bob)).toEqual([200, 491, 200]);
    const waited = (side: typeof alice): number => {
      const [first, retry] = reinvites(side.wire.sent);
      const refused = at(side.wire.received, (m) => 'status' in m && m.status === 491 && m.cseq.seq === first!.cseq.seq);
      const again = at(side.wire.sent, (m) => m === retry);
      return again - refused;
    };
    const aliceWaited = waited(alice);
    const bobWaited = waited(bob);
    expect(aliceWaited).toBeGreaterThanOrEqual(2100);
    expect(aliceWaited).toBeLessThanOrEqual(4000);
    expect(bobWaited).toBeGreaterThanOrEqual(0);
    expect(bobWaited).toBeLessThanOrEqual(2000);
    // The retry is the same change in a new transaction: CSeq + 1; the caller, held by then, offers inactive.
    const [aliceFirst, aliceRetry] = reinvites(alice.wire.sent);
    expect(aliceRetry!.cseq.seq).toBe(aliceFirst!.cseq.seq + 1);
    expect(sdpDirection(aliceFirst!.bodyText)).toBe('sendonly');
    expect(sdpDirection(aliceRetry!.bodyText)).toBe('inactive');
    expect(events.sort()).toEqual(['alice hold local', 'alice hold remote', 'bob hold local', 'bob hold remote']);
    expect(call.isOnHold()).toEqual({ local: true, remote: true });
    expect(answering.isOnHold()).toEqual({ local: true, remote: true });
  }, 40_000);
});
