import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InviteClientContext, InviteServerContext, LegacyRequest, LegacyResponse, NodeUA } from '../../src/node.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';

// `sharedConnection` through a real registrar and proxy: Kamailio (conformance/targets/kamailio/kamailio.cfg)
// stores each WebSocket client's binding with the connection's address as a Contact alias, and sends the
// requests for a binding over the connection it came from (RFC 7118 §5). UAs that share one connection must
// each get their own requests and responses on it, for registration, calls and MESSAGE alike.

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);

function sharing(user: string): NodeUA {
  return users.make(user, { register: true, sharedConnection: true });
}

/** Start the UAs and wait until each is registered; the 200 of each REGISTER. */
async function registered(...uas: NodeUA[]): Promise<LegacyResponse[]> {
  const done = uas.map((ua) => nextEvent<[LegacyResponse]>(ua, 'registered'));
  for (const ua of uas) ua.start();
  return (await Promise.all(done)).map(([response]) => response);
}

/** Where Kamailio saw the UA's binding come from, in the 200 to its REGISTER: `received="sip:127.0.0.1:<port of the connection>;transport=ws"`. */
function connectionOf(ua: NodeUA, ok: LegacyResponse): string | undefined {
  const own = ok.message.contact.find((contact) => contact.uri?.user === ua.contact.user);
  return own?.params.get('received') ?? undefined;
}

beforeAll(async () => {
  kamailio = await startKamailio();
}, 20_000);

afterEach(async () => {
  await users.stopAll();
}, 20_000);

afterAll(async () => {
  await kamailio?.stop();
});

describe('UAs on a shared connection, through Kamailio', () => {
  it('register on one connection: each gets its own 200, and the bindings name the same connection', async () => {
    const uas = ['alice', 'bob', 'carol'].map(sharing);
    const oks = await registered(...uas);
    const connections = uas.map((ua, i) => connectionOf(ua, oks[i]!));
    expect(connections[0]).toMatch(/^sip:127\.0\.0\.1:\d+;transport=ws$/);
    expect(new Set(connections).size).toBe(1);
    expect(uas.map((ua) => ua.isRegistered())).toEqual([true, true, true]);
  }, 30_000);

  it('call each other: INVITE, ACK and BYE reach the callee on the connection they share with the caller', async () => {
    const [alice, bob] = ['alice', 'bob'].map(sharing) as [NodeUA, NodeUA];
    await registered(alice, bob);
    for (let i = 0; i < 3; i++) {
      const invited = nextEvent<[InviteServerContext]>(bob, 'invite');
      const call: InviteClientContext = alice.invite('bob@example.test');
      const accepted = nextEvent<[LegacyResponse]>(call, 'accepted');
      const [context] = await invited;
      const confirmed = nextEvent<[LegacyRequest]>(context, 'confirmed');
      const byeAtBob = nextEvent<[LegacyRequest]>(context, 'bye');
      context.accept();
      await accepted;
      const [ack] = await confirmed;
      expect(ack.method).toBe('ACK');
      const ended = nextEvent(call, 'bye');
      call.bye();
      const [bye] = await byeAtBob;
      expect(bye.method).toBe('BYE');
      await ended;
    }
  }, 60_000);

  it('send MESSAGEs to each other: each arrives once, at its addressee only', async () => {
    const uas = ['alice', 'bob', 'carol'].map(sharing);
    await registered(...uas);
    const received: string[] = [];
    uas.forEach((ua, i) => ua.on('message', (message: { body: string }) => received.push(`${['alice', 'bob', 'carol'][i]} <- ${message.body}`)));
    const sent = [
      nextEvent(uas[0]!.message('bob@example.test', 'one'), 'accepted'),
      nextEvent(uas[1]!.message('carol@example.test', 'two'), 'accepted'),
      nextEvent(uas[2]!.message('alice@example.test', 'three'), 'accepted'),
    ];
    await Promise.all(sent);
    expect(received.sort()).toEqual(['alice <- three', 'bob <- one', 'carol <- two']);
  }, 30_000);

  it('a UA that stops leaves the others registered on the connection, and a request for it is not delivered to them', async () => {
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map(sharing) as [NodeUA, NodeUA, NodeUA];
    await registered(alice, bob, carol);
    const receivedByOthers: string[] = [];
    alice.on('message', () => receivedByOthers.push('alice'));
    carol.on('message', () => receivedByOthers.push('carol'));
    const unregistered = nextEvent(bob, 'unregistered');
    await bob.stop();
    await unregistered;
    expect([alice.isConnected(), carol.isConnected()]).toEqual([true, true]);
    const failed = nextEvent<[LegacyResponse | undefined, string]>(alice.message('bob@example.test', 'anyone?'), 'failed');
    const [response] = await failed;
    // bob's binding is gone: Kamailio answers 480 for it (its config).
    expect(response?.status_code).toBe(480);
    const [ok] = await nextEvent<[LegacyResponse]>(alice.message('carol@example.test', 'still there'), 'accepted');
    expect(ok.status_code).toBe(200);
    expect(receivedByOthers).toEqual(['carol']);
  }, 30_000);
});
