import { describe, expect, it } from 'vitest';
import type { InviteClientContext, InviteServerContext, LegacyResponse, NodeUA } from '../../src/node.js';
import type { SipfragStatus } from '../../src/node.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { requestsOf, responsesOf, tracedUa, until } from '../support/traced-ua.js';

// Transfers between three sipforge UAs registered on Kamailio (RFC 3515, RFC 5589): blind — alice calls
// bob, bob refers alice to carol, alice follows; attended — bob calls alice and carol, refers alice to
// carol with a Replaces of his call with carol (RFC 3891), whose new call with alice replaces it.

const { users } = useKamailio({ defines: ['SINGLE_WORKER'] });

type Traced = ReturnType<typeof tracedUa>;

async function registered(...sides: Traced[]): Promise<void> {
  await Promise.all(
    sides.map((side) => {
      const done = nextEvent(side.ua, 'registered');
      side.ua.start();
      return done;
    }),
  );
}

/** `caller` calls `callee` (the UA of `user`), which accepts; resolves with both ends once confirmed. */
async function call(caller: NodeUA, callee: NodeUA, user: string): Promise<{ out: InviteClientContext; in: InviteServerContext; callId: string }> {
  const incoming = nextEvent<[InviteServerContext]>(callee, 'invite');
  const out = caller.invite(`${user}@example.test`);
  const [answering] = await incoming;
  const confirmed = nextEvent(answering, 'confirmed');
  answering.accept();
  const [ok] = await nextEvent<[LegacyResponse]>(out, 'accepted');
  await confirmed;
  return { out, in: answering, callId: ok.call_id };
}

describe('transfers between sipforge UAs through Kamailio', () => {
  it('blind: bob refers alice to carol; alice follows (Referred-By), carol answers, bob gets NOTIFY 100 then 200 and hangs up', async () => {
    const alice = tracedUa(users, 'alice', { register: true });
    const bob = tracedUa(users, 'bob', { register: true });
    const carol = tracedUa(users, 'carol', { register: true });
    await registered(alice, bob, carol);
    const first = await call(alice.ua, bob.ua, 'bob');

    const following = new Promise<InviteClientContext>((resolve) => first.out.on('refer', first.out.followRefer((_request, next) => resolve(next))));
    const toCarol = nextEvent<[InviteServerContext]>(carol.ua, 'invite');
    const statuses: number[] = [];
    first.in.on('notify', (_request, status) => statuses.push(status!.status));
    const referAccepted = nextEvent<[SipfragStatus]>(first.in, 'referAccepted');
    const aliceHungUp = nextEvent(first.out, 'bye');
    first.in.on('referAccepted', () => first.in.bye());
    first.in.refer('carol');

    const transferred = await following;
    const [atCarol] = await toCarol;
    expect(atCarol.request.message.rawHeader('Referred-By')).toBe('<sip:bob@example.test>');
    const carolConfirmed = nextEvent(atCarol, 'confirmed');
    atCarol.accept();
    await nextEvent(transferred, 'accepted');
    await carolConfirmed;
    const [final] = await referAccepted;
    expect(final).toEqual({ status: 200, reason: 'OK' });
    await aliceHungUp;

    const refer = requestsOf(bob.wire.sent, 'REFER', first.callId)[0]!;
    expect(refer.rawHeader('Refer-To')).toBe('<sip:carol@example.test>');
    expect(responsesOf(bob.wire.received, 'REFER', first.callId).at(-1)!.status).toBe(202);
    const notifies = requestsOf(alice.wire.sent, 'NOTIFY', first.callId);
    expect(notifies[0]!.bodyText).toBe('SIP/2.0 100 Trying\r\n');
    expect(notifies.at(-1)!.bodyText).toBe('SIP/2.0 200 OK\r\n');
    expect(notifies.at(-1)!.rawHeader('Subscription-State')).toBe('terminated;reason=noresource');
    expect(statuses[0]).toBe(100);
    expect(statuses.at(-1)).toBe(200);
    await until(() => responsesOf(alice.wire.received, 'NOTIFY', first.callId).length === notifies.length, 5000, 'every NOTIFY answered');
    expect(responsesOf(alice.wire.received, 'NOTIFY', first.callId).map((r) => r.status)).toEqual(notifies.map(() => 200));

    // alice and carol talk; then carol hangs up.
    const aliceBye = nextEvent(transferred, 'bye');
    atCarol.bye();
    await aliceBye;
  }, 40_000);

  it('attended: bob refers alice to carol with Replaces; carol\'s call with bob is replaced (replaced, BYE to bob), alice and carol connected', async () => {
    const alice = tracedUa(users, 'alice', { register: true });
    const bob = tracedUa(users, 'bob', { register: true });
    const carol = tracedUa(users, 'carol', { register: true, replaces: 'supported' });
    await registered(alice, bob, carol);
    const withAlice = await call(bob.ua, alice.ua, 'alice');
    const withCarol = await call(bob.ua, carol.ua, 'carol');

    withAlice.in.on('refer', (_request, refer) => refer?.followRefer());
    const replacing = nextEvent<[InviteServerContext]>(carol.ua, 'invite');
    const replaced = nextEvent<[unknown]>(withCarol.in, 'replaced');
    const bobLosesCarol = nextEvent(withCarol.out, 'bye');
    const referAccepted = nextEvent<[SipfragStatus]>(withAlice.out, 'referAccepted');
    withAlice.out.refer(withCarol.out);

    const [newCall] = await replacing;
    expect(newCall.replacee).toBe(withCarol.in);
    const replaces = newCall.request.message.header('Replaces')!;
    expect([replaces.value, replaces.toTag, replaces.fromTag]).toEqual([withCarol.callId, withCarol.in.dialog!.id.localTag, withCarol.in.dialog!.id.remoteTag]);
    const confirmed = nextEvent(newCall, 'confirmed');
    newCall.accept();
    const [by] = await replaced;
    expect(by).toBe(newCall);
    await bobLosesCarol;
    await confirmed;
    const [final] = await referAccepted;
    expect(final.status).toBe(200);

    const refer = requestsOf(bob.wire.sent, 'REFER', withAlice.callId)[0]!;
    const escaped = encodeURIComponent(`${withCarol.callId};to-tag=${withCarol.in.dialog!.id.localTag};from-tag=${withCarol.out.dialog!.id.localTag}`);
    expect(refer.rawHeader('Refer-To')).toBe(`<sip:carol@example.test?Replaces=${escaped}>`);
    expect(requestsOf(carol.wire.sent, 'BYE', withCarol.callId)).toHaveLength(1);

    // bob leaves; alice and carol stay connected until alice hangs up.
    const aliceSeesBye = nextEvent(withAlice.in, 'bye');
    withAlice.out.bye();
    await aliceSeesBye;
    const carolSeesBye = nextEvent(newCall, 'bye');
    const aliceCall = Object.values(alice.ua.sessions).find((s) => s !== withAlice.in)!;
    aliceCall.bye();
    await carolSeesBye;
  }, 40_000);
});
