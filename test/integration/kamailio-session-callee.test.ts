import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InviteServerContext, NodeUA } from '../../src/node.js';
import type { FakeMediaHandler } from '../support/fake-media-handler.js';
import { freePortBlock } from '../support/free-ports.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, type SippResult } from '../support/sipp.js';
import { flow, requestsOf, responsesOf, scenario, tracedUa, until, type Wire } from '../support/traced-ua.js';

// SIPp calls a Node UA (bob, registered over WebSocket) through Kamailio (RFC 3261 §13.3, §9.2, §14.2;
// RFC 3264): accepted, with the 200 retransmitted until the late ACK; rejected; cancelled by the caller;
// an INVITE without an offer; hold and unhold by the caller's re-INVITEs; DTMF digits by INFO.

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);

beforeAll(async () => {
  kamailio = await startKamailio({ defines: ['SINGLE_WORKER'] });
}, 20_000);

afterEach(async () => {
  await users.stopAll();
}, 20_000);

afterAll(async () => {
  await kamailio?.stop();
});

interface Callee {
  ua: NodeUA;
  wire: Wire;
  media: FakeMediaHandler[];
  calls: InviteServerContext[];
  events: string[];
}

/** bob, registered, answering each call as `answer` says, every session event recorded. */
async function bob(answer: (call: InviteServerContext) => void): Promise<Callee> {
  const { ua, wire, media } = tracedUa(users, 'bob', { register: true });
  const calls: InviteServerContext[] = [];
  const events: string[] = [];
  ua.on('invite', (call) => {
    calls.push(call);
    call.on('accepted', (r) => events.push(`accepted ${r.status_code}`));
    call.on('rejected', (r, cause) => events.push(`rejected ${r.status_code} ${cause}`));
    call.on('failed', (r, cause) => events.push(`failed ${r?.status_code ?? 'none'} ${cause}`));
    call.on('cancel', (r) => events.push(`cancel ${r.method}`));
    call.on('confirmed', (r) => events.push(`confirmed ${r.method}`));
    call.on('bye', (r) => events.push(`bye ${r.method}`));
    call.on('hold', (d) => events.push(`hold ${d.originator}`));
    call.on('unhold', (d) => events.push(`unhold ${d.originator}`));
    call.on('dtmf', (r, d) => events.push(`dtmf ${r === null ? 'media' : r.method} ${d.tone} ${d.duration}`));
    call.on('terminated', (_m, cause) => events.push(`terminated ${cause ?? '-'}`));
    answer(call);
  });
  const registered = nextEvent(ua, 'registered');
  ua.start();
  await registered;
  return { ua, wire, media, calls, events };
}

async function sippCalls(file: string, extra: string[] = []): Promise<SippResult> {
  const port = await freePortBlock(SIPP_PORTS);
  return runSipp(['-sf', scenario(file), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'bob', '-m', '1', ...extra, ...sippLocal(port)], 30_000);
}

const expectOk = (result: SippResult): void => expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

describe('SIPp calls a Node UA through Kamailio', () => {
  it('accepted: the 200 (our answer, Contact, the INVITE\'s Record-Route) is retransmitted until the late ACK, which confirms the call', async () => {
    const callee = await bob((call) => {
      call.progress();
      call.accept();
    });
    expectOk(await sippCalls('uac_call_late_ack.xml', ['-d', '1700']));
    await until(() => callee.events.includes('terminated -'));
    const [call] = callee.calls;
    const callId = call!.request.call_id;
    const oks = responsesOf(callee.wire.sent, 'INVITE', callId).filter((r) => r.status === 200);
    // RFC 3261 §13.3.1.4: at T1 (500 ms), then 2·T1 later (1500 ms), until the ACK at 1700 ms.
    expect(oks.length).toBe(3);
    expect(new Set(oks.map((r) => r.toString())).size).toBe(1);
    const invite = call!.request.message;
    expect(oks[0]!.rawHeaders('Record-Route')).toEqual(invite.rawHeaders('Record-Route'));
    expect(oks[0]!.contact[0]!.uri!.params.get('transport')).toBe('ws');
    expect(oks[0]!.bodyText).toMatch(/^v=0\r\no=- \d+ 1 IN IP4 127\.0\.0\.1\r\n/);
    const ackAt = callee.wire.received.find((t) => t.message.callId === callId && 'method' in t.message && t.message.method === 'ACK')!.at;
    expect(callee.wire.sent.filter((t) => t.message.callId === callId && t.at > ackAt && 'status' in t.message && t.message.status === 200 && t.message.cseq.method === 'INVITE')).toEqual([]);
    expect(callee.events).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated -']);
    expect(callee.media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv', 'close']);
  }, 40_000);

  it('rejected: 486 from the application, ACKed by the proxy; rejected, failed, terminated', async () => {
    const callee = await bob((call) => call.reject({ statusCode: 486 }));
    expectOk(await sippCalls('uac_rejected.xml'));
    const callId = callee.calls[0]!.request.call_id;
    expect(flow(callee.wire.sent, callId)).toEqual(['486 INVITE']);
    await until(() => flow(callee.wire.received, callId).length === 2);
    expect(flow(callee.wire.received, callId)).toEqual(['INVITE 1', 'ACK 1']);
    expect(callee.events).toEqual(['rejected 486 Busy', 'failed 486 Busy', 'terminated Busy']);
  }, 40_000);

  it('cancelled by the caller while it rings: 200 to the CANCEL, 487 to the INVITE; cancel, failed CANCELED', async () => {
    const callee = await bob((call) => call.progress());
    expectOk(await sippCalls('uac_cancel.xml'));
    await until(() => callee.events.some((e) => e.startsWith('terminated')));
    const callId = callee.calls[0]!.request.call_id;
    expect(flow(callee.wire.received, callId)).toEqual(['INVITE 1', 'CANCEL 1', 'ACK 1']);
    expect(flow(callee.wire.sent, callId).filter((m) => m !== '100 INVITE')).toEqual(['180 INVITE', '200 CANCEL', '487 INVITE']);
    expect(callee.events).toEqual(['cancel CANCEL', 'rejected 487 Canceled', 'failed 487 Canceled', 'terminated Canceled']);
    expect(callee.media[0]!.closed).toBe(true);
  }, 40_000);

  it('an INVITE without an offer: our 200 carries the offer, the ACK the answer (RFC 3261 §13.2.1)', async () => {
    const callee = await bob((call) => call.accept());
    expectOk(await sippCalls('uac_no_sdp.xml', ['-d', '300']));
    await until(() => callee.events.includes('terminated -'));
    const callId = callee.calls[0]!.request.call_id;
    const [ok] = responsesOf(callee.wire.sent, 'INVITE', callId).filter((r) => r.status === 200);
    expect(ok!.rawHeader('Content-Type')).toBe('application/sdp');
    const [ack] = requestsOf(callee.wire.received, 'ACK', callId);
    expect(ack!.bodyText).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    expect(callee.media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv', 'close']);
    expect(callee.events).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated -']);
  }, 40_000);

  it('held and taken back by the caller\'s re-INVITEs: hold/unhold with originator remote; our answers recvonly then sendrecv, o= version + 1 each', async () => {
    const callee = await bob((call) => call.accept());
    expectOk(await sippCalls('uac_hold_unhold.xml'));
    await until(() => callee.events.includes('terminated -'));
    const callId = callee.calls[0]!.request.call_id;
    const answers = responsesOf(callee.wire.sent, 'INVITE', callId).filter((r) => r.status === 200);
    const distinct = [...new Map(answers.map((r) => [r.cseq.seq, r])).values()];
    expect(distinct.map((r) => `${r.cseq.seq} ${/o=- \d+ (\d+) /.exec(r.bodyText)![1]} ${/a=(sendrecv|recvonly|sendonly|inactive)/.exec(r.bodyText)![1]}`)).toEqual([
      '1 1 sendrecv',
      '2 2 recvonly',
      '3 3 sendrecv',
    ]);
    for (const answer of distinct) expect(answer.contact).toHaveLength(1);
    expect(callee.events).toEqual(['accepted 200', 'confirmed ACK', 'hold remote', 'unhold remote', 'bye BYE', 'terminated -']);
  }, 40_000);

  it('DTMF from the caller by INFO (application/dtmf-relay): each answered 200, a dtmf event each, in order', async () => {
    const callee = await bob((call) => call.accept());
    expectOk(await sippCalls('uac_info_dtmf.xml'));
    await until(() => callee.events.includes('terminated -'));
    const callId = callee.calls[0]!.request.call_id;
    expect(responsesOf(callee.wire.sent, 'INFO', callId).map((r) => r.status)).toEqual([200, 200]);
    expect(callee.events).toEqual(['accepted 200', 'confirmed ACK', 'dtmf INFO 5 160', 'dtmf INFO # 160', 'bye BYE', 'terminated -']);
    // The caller's INFO came by the route set it built from our 200 (Kamailio loose-routed it, §16.4), to our Contact.
    const [info] = requestsOf(callee.wire.received, 'INFO', callId);
    expect(info!.uri.user).toBe(callee.ua.contact.user);
    expect(info!.rawHeader('Content-Type')).toBe('application/dtmf-relay');
  }, 40_000);
});
