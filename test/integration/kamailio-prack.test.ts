import { describe, expect, it } from 'vitest';
import type { InviteServerContext, LegacyResponse, NodeUA } from '../../src/node.js';
import { SipResponse } from '../../src/syntax/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, type SippResult } from '../support/sipp.js';
import { flow, requestsOf, responsesOf, scenario, tracedUa, until, uris, type Wire } from '../support/traced-ua.js';

// Reliable provisional responses (RFC 3262) through Kamailio, with SIPp on the other side. As UAC, a
// Node UA (alice, rel100 'supported') PRACKs each reliable 1xx of a SIPp UAS once, in RSeq order, with
// the exact RAck, by the early dialog's route set — and not a retransmitted one nor one after a gap
// (SIPp fails the call on a PRACK it does not expect). As UAS, a Node UA (bob) retransmits its reliable
// 183 until SIPp's PRACK, answers 481 to a PRACK with a wrong RAck, sends no 2xx before the right PRACK;
// with rel100 'none' it refuses `Require: 100rel` with 420.

const { users, sippUas, kamailio } = useKamailio({ defines: ['SINGLE_WORKER'] });

const expectOk = (result: SippResult): void => expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

interface Callee {
  ua: NodeUA;
  wire: Wire;
  calls: InviteServerContext[];
}

/** bob with `rel100`, registered, answering each call as `answer` says. */
async function bob(rel100: 'none' | 'supported', answer: (call: InviteServerContext) => void): Promise<Callee> {
  const { ua, wire } = tracedUa(users, 'bob', { register: true, rel100 });
  const calls: InviteServerContext[] = [];
  ua.on('invite', (call) => {
    calls.push(call);
    answer(call);
  });
  const registered = nextEvent(ua, 'registered');
  ua.start();
  await registered;
  return { ua, wire, calls };
}

async function sippCalls(file: string, extra: string[] = []): Promise<SippResult> {
  const port = await freePortBlock(SIPP_PORTS);
  return runSipp(['-sf', scenario(file), `127.0.0.1:${kamailio().ports.sip}`, '-s', 'bob', '-m', '1', ...extra, ...sippLocal(port)], 30_000);
}

describe('PRACK as UAC: a Node UA calls a SIPp UAS with reliable 1xx', () => {
  it('two reliable 1xx PRACKed with the exact RAck in the early dialog; a retransmitted 183 and a 180 after a gap get no PRACK and no progress', async () => {
    const uas = await sippUas('u301', 'uas_prack.xml');
    const { ua, wire } = tracedUa(users, 'alice', { rel100: 'supported' });
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u301@example.test');
    const seen: string[] = [];
    call.on('progress', (r) => r.status_code > 100 && seen.push(`progress ${r.status_code} ${r.message.rawHeader('RSeq')}`));
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    call.bye();
    const result = await uas.done;
    expectOk(result);

    const callId = ok.call_id;
    const invite = requestsOf(wire.sent, 'INVITE', callId).at(-1)!;
    expect(invite.rawHeader('Supported')).toMatch(/\b100rel\b/);
    const pracks = requestsOf(wire.sent, 'PRACK', callId);
    const seq = invite.cseq.seq;
    expect(pracks.map((p) => `${p.rawHeader('CSeq')} / ${p.rawHeader('RAck')}`)).toEqual([
      `${seq + 1} PRACK / 1 ${seq} INVITE`,
      `${seq + 2} PRACK / 2 ${seq} INVITE`,
      `${seq + 3} PRACK / 3 ${seq} INVITE`,
    ]);
    // The early dialog's route set: the 183's Record-Route reversed; its target: the 183's Contact.
    const [first183] = responsesOf(wire.received, 'INVITE', callId).filter((r) => r.status === 183);
    for (const prack of pracks) {
      expect(uris(prack, 'Route')).toEqual(uris(first183!, 'Record-Route').reverse());
      expect(prack.uri.toString()).toBe(first183!.contact[0]!.uri!.toString());
      expect(prack.to.tag).toBe(first183!.to.tag);
    }
    // SIPp sent the 183 twice and the RSeq-3 180 twice: one progress each per distinct RSeq, in order.
    expect(responsesOf(wire.received, 'INVITE', callId).filter((r) => r.status === 183)).toHaveLength(2);
    expect(seen).toEqual(['progress 183 1', 'progress 180 2', 'progress 180 3']);
    // After the INVITE the proxy challenged (407, ACKed): the authenticated INVITE, its ACK, and the BYE after the three PRACKs.
    expect(flow(wire.sent, callId).filter((m) => !m.startsWith('PRACK')).slice(-3)).toEqual([`INVITE ${seq}`, `ACK ${seq}`, `BYE ${seq + 4}`]);
  }, 40_000);
});

describe('PRACK as UAS: SIPp calls a Node UA that sends a reliable 183', () => {
  it('the 183 is retransmitted until the PRACK; a wrong RAck gets 481; the 200 goes only after the right PRACK', async () => {
    const callee = await bob('supported', (call) => {
      call.progress({ statusCode: 183 });
      call.accept();
    });
    // SIPp waits 1.2 s (-d) before its PRACKs: the 183 goes at 0, T1 (0.5 s) and 3·T1 (1.5 s) meanwhile.
    expectOk(await sippCalls('uac_prack.xml', ['-d', '1200']));
    const callId = callee.calls[0]!.request.call_id;
    await until(() => flow(callee.wire.received, callId).includes('BYE 4'));
    const sent = flow(callee.wire.sent, callId).filter((m) => m !== '100 INVITE');
    const retransmitted = sent.indexOf('481 PRACK');
    expect(retransmitted).toBeGreaterThanOrEqual(2);
    expect(sent.slice(0, retransmitted)).toEqual(Array(retransmitted).fill('183 INVITE'));
    expect(sent.slice(retransmitted)).toEqual(['481 PRACK', '200 PRACK', '200 INVITE', '200 BYE']);
    const reliable = responsesOf(callee.wire.sent, 'INVITE', callId).filter((r) => r.status === 183);
    expect(new Set(reliable.map((r) => r.toString())).size).toBe(1);
    const [first] = reliable;
    expect(first!.rawHeader('Require')).toBe('100rel');
    expect(Number(first!.rawHeader('RSeq'))).toBeGreaterThanOrEqual(1);
    expect(first!.rawHeader('Content-Type')).toBe('application/sdp');
    // The 200 repeats the answer of the 183 (RFC 3262 §5: that offer/answer is complete).
    const [ok] = responsesOf(callee.wire.sent, 'INVITE', callId).filter((r) => r.status === 200);
    expect(ok!.bodyText).toBe(first!.bodyText);
    const pracks = requestsOf(callee.wire.received, 'PRACK', callId);
    expect(pracks.map((p) => p.rawHeader('RAck'))).toEqual([`${first!.rawHeader('RSeq')} 99 INVITE`, `${first!.rawHeader('RSeq')} 1 INVITE`]);
  }, 40_000);

  it('rel100 none: an INVITE that requires 100rel gets 420 with Unsupported: 100rel, and no call', async () => {
    const callee = await bob('none', () => undefined);
    expectOk(await sippCalls('uac_prack_unsupported.xml'));
    const refused = callee.wire.sent.flatMap(({ message }) => (message instanceof SipResponse && message.status === 420 ? [message] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.rawHeader('Unsupported')).toBe('100rel');
    expect(callee.calls).toHaveLength(0);
  }, 40_000);
});
