import { describe, expect, it } from 'vitest';
import type { InviteServerContext, LegacyResponse, NodeUA } from '../../src/node.js';
import { SipResponse } from '../../src/syntax/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, type SippResult } from '../support/sipp.js';
import { flow, requestsOf, responsesOf, scenario, tracedUa, until, uris, type Wire } from '../support/traced-ua.js';

// UPDATE with a new offer in the early dialog once the initial offer/answer completed there (RFC 3311
// §5.1 with RFC 3262 §5), through Kamailio with SIPp on the other side. As callee, a Node UA (bob)
// answers the offer of SIPp's INVITE in a reliable 183; after the PRACK SIPp sends an UPDATE with a new
// offer before any 200, which the UA answers 200 with SDP and its Contact; the 200 of the INVITE then
// goes. As caller, a Node UA (alice) takes the answer of a SIPp callee's reliable 183, PRACKs it, and
// once the PRACK is answered sends an UPDATE with a new offer in the early dialog and applies its answer.

const { users, sippUas, kamailio } = useKamailio({ defines: ['SINGLE_WORKER'] });

const expectOk = (result: SippResult): void => expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

async function registeredBob(): Promise<{ ua: NodeUA; wire: Wire; media: { log: string[] }[]; calls: InviteServerContext[] }> {
  const { ua, wire, media } = tracedUa(users, 'bob', { register: true, rel100: 'supported' });
  const calls: InviteServerContext[] = [];
  ua.on('invite', (call) => {
    calls.push(call);
    call.progress({ statusCode: 183 });
  });
  const registered = nextEvent(ua, 'registered');
  ua.start();
  await registered;
  return { ua, wire, media, calls };
}

describe('UPDATE in an early dialog through Kamailio (RFC 3311 §5.1)', () => {
  it("callee: SIPp's UPDATE with a new offer after the PRACK of our reliable 183, before any 200, is answered 200 with SDP and our Contact", async () => {
    const bob = await registeredBob();
    const port = await freePortBlock(SIPP_PORTS);
    const sipp = runSipp(['-sf', scenario('uac_early_update.xml'), `127.0.0.1:${kamailio().ports.sip}`, '-s', 'bob', '-m', '1', ...sippLocal(port)], 30_000);
    // The 200 of the INVITE goes only once the early UPDATE was answered (else the UPDATE would be in the confirmed dialog).
    const sentUpdateAnswer = (): boolean => bob.wire.sent.some(({ message }) => message instanceof SipResponse && message.cseq.method === 'UPDATE');
    await until(sentUpdateAnswer, 10_000, 'our answer to the early UPDATE');
    const call = bob.calls[0]!;
    call.accept();
    expectOk(await sipp);
    const callId = call.request.call_id;
    await until(() => flow(bob.wire.received, callId).includes('BYE 4'), 5000, 'the BYE');

    const sent = flow(bob.wire.sent, callId).filter((m) => m !== '100 INVITE' && m !== '183 INVITE');
    expect(sent).toEqual(['200 PRACK', '200 UPDATE', '200 INVITE', '200 BYE']);
    const [reliable] = responsesOf(bob.wire.sent, 'INVITE', callId).filter((r) => r.status === 183);
    const [answer] = responsesOf(bob.wire.sent, 'UPDATE', callId);
    const [update] = requestsOf(bob.wire.received, 'UPDATE', callId);
    expect(reliable!.rawHeader('Require')).toBe('100rel');
    expect(update!.to.tag).toBe(reliable!.to.tag);
    expect([answer!.status, answer!.rawHeader('Content-Type'), answer!.contact.length, answer!.to.tag]).toEqual([200, 'application/sdp', 1, reliable!.to.tag]);
    // A new answer (RFC 4566 §5.2: the o= version moves on), repeated by the 200 of the INVITE.
    const version = (body: string): string => /^o=\S+ \S+ (\d+)/m.exec(body)![1]!;
    expect(Number(version(answer!.bodyText))).toBe(Number(version(reliable!.bodyText)) + 1);
    const [ok] = responsesOf(bob.wire.sent, 'INVITE', callId).filter((r) => r.status === 200);
    expect(ok!.bodyText).toBe(answer!.bodyText);
    expect(bob.media[0]!.log.slice(0, 4)).toEqual(['set offer sendrecv', 'answer sendrecv', 'set offer sendrecv', 'answer sendrecv']);
  }, 40_000);

  it("caller: after the PRACK of the callee's reliable 183 is answered, update() sends a new offer in the early dialog by its route set; the 200's answer is applied", async () => {
    const uas = await sippUas('u341', 'uas_early_update.xml');
    const { ua, wire, media } = tracedUa(users, 'alice', { rel100: 'supported' });
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u341@example.test');
    const prackAnswered = (): boolean => wire.received.some(({ message }) => message instanceof SipResponse && message.cseq.method === 'PRACK' && message.status === 200);
    await until(prackAnswered, 10_000, 'the 200 of our PRACK');
    await until(() => {
      try {
        return call.update() !== undefined;
      } catch {
        return false;
      }
    }, 2000, 'update() in the early dialog');
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    call.bye();
    expectOk(await uas.done);

    const callId = ok.call_id;
    const invite = requestsOf(wire.sent, 'INVITE', callId).at(-1)!;
    const seq = invite.cseq.seq;
    expect(flow(wire.sent, callId).slice(-4)).toEqual([`PRACK ${seq + 1}`, `UPDATE ${seq + 2}`, `ACK ${seq}`, `BYE ${seq + 3}`]);
    const [reliable] = responsesOf(wire.received, 'INVITE', callId).filter((r) => r.status === 183);
    const [update] = requestsOf(wire.sent, 'UPDATE', callId);
    // The early dialog's route set (the 183's Record-Route reversed) and remote target (its Contact).
    expect(uris(update!, 'Route')).toEqual(uris(reliable!, 'Record-Route').reverse());
    expect(update!.uri.toString()).toBe(reliable!.contact[0]!.uri!.toString());
    expect([update!.to.tag, update!.rawHeader('Content-Type')]).toEqual([reliable!.to.tag, 'application/sdp']);
    const [answer] = responsesOf(wire.received, 'UPDATE', callId);
    expect(answer!.status).toBe(200);
    expect(media[0]!.log.slice(0, 4)).toEqual(['offer sendrecv', 'set answer sendrecv', 'offer sendrecv', 'set answer sendrecv']);
  }, 40_000);
});
