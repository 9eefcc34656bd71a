import { describe, expect, it } from 'vitest';
import type { LegacyResponse } from '../../src/node.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { requestsOf, responsesOf, tracedUa, until, uris } from '../support/traced-ua.js';

// UPDATE (RFC 3311) both ways in a call from a Node UA to SIPp through Kamailio: our UPDATE with an
// offer (answered in its 200) and without a body (a refresh), then SIPp's UPDATE with a sendonly offer,
// which we answer recvonly (the peer holds).

const { users, sippUas } = useKamailio({ defines: ['SINGLE_WORKER'] });

const sdpDirection = (body: string): string => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(body)![1]!;

describe('UPDATE through Kamailio (RFC 3311)', () => {
  it('ours with an offer and without one, each answered 200 by the route set; then the peer\'s sendonly offer answered recvonly (hold remote)', async () => {
    const uas = await sippUas('u331', 'uas_update.xml');
    const { ua, wire, media } = tracedUa(users, 'alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u331@example.test');
    const events: string[] = [];
    call.on('hold', (d) => events.push(`hold ${d.originator}`));
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const callId = ok.call_id;

    const offered = await call.update();
    expect(offered.status_code).toBe(200);
    const refreshed = await call.update({ offer: false });
    expect(refreshed.status_code).toBe(200);
    await until(() => events.includes('hold remote'), 5000, "the peer's UPDATE");
    await until(() => responsesOf(wire.sent, 'UPDATE', callId).length === 1, 2000, 'our answer to it');
    call.bye();
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

    const [withOffer, withoutOffer] = requestsOf(wire.sent, 'UPDATE', callId);
    const invite = requestsOf(wire.sent, 'INVITE', callId).at(-1)!;
    expect([withOffer!.cseq.seq, withoutOffer!.cseq.seq]).toEqual([invite.cseq.seq + 1, invite.cseq.seq + 2]);
    const routeSet = uris(ok.message, 'Record-Route').reverse();
    for (const update of [withOffer!, withoutOffer!]) {
      expect(update.uri.toString()).toBe(ok.message.contact[0]!.uri!.toString());
      expect(uris(update, 'Route')).toEqual(routeSet);
      expect(update.contact).toHaveLength(1);
    }
    expect(sdpDirection(withOffer!.bodyText)).toBe('sendrecv');
    expect(withoutOffer!.body.length).toBe(0);
    const [answer] = responsesOf(wire.sent, 'UPDATE', callId);
    expect([answer!.status, sdpDirection(answer!.bodyText), answer!.contact.length]).toEqual([200, 'recvonly', 1]);
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv', 'offer sendrecv', 'set answer sendrecv', 'set offer sendonly', 'answer recvonly', 'close']);
    expect(events).toEqual(['hold remote']);
    // Our requests say we take UPDATE (RFC 3311 §5.1): the INVITE's Allow lists it.
    expect(invite.rawHeader('Allow')).toMatch(/\bUPDATE\b/);
  }, 40_000);
});
