import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import SIP, { type LegacyResponse, type MessageServerContext, type NodeUA } from '../../src/node.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';

// Legacy behaviour through a real server: two UAs over WebSocket through Kamailio
// (conformance/targets/kamailio/kamailio.cfg: users alice, bob with password "secret", realm example.test).

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
const ua = (user: string, options: Record<string, unknown> = {}): NodeUA => users.make(user, options);
const next = nextEvent;

beforeAll(async () => {
  kamailio = await startKamailio();
}, 20_000);

afterEach(async () => {
  await users.stopAll();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('legacy MESSAGE behaviour through Kamailio over WebSocket', () => {
  it('a MESSAGE with Content-Type application/json reaches the other UA\'s message event with its text and is answered 200', async () => {
    const alice = ua('alice', { register: true });
    const registered = next<[LegacyResponse]>(alice, 'registered');
    alice.start();
    const [registration] = await registered;
    expect(registration.status_code).toBe(200);

    const bob = ua('bob');
    bob.start();
    await next(bob, 'connected');
    const received = next<[MessageServerContext]>(alice, 'message');
    const json = JSON.stringify({ type: 'chat', text: 'Grüße, Alice', at: 1700000000 });
    const sent = bob.message('alice@example.test', json, { contentType: 'application/json' });
    const [accepted] = await next<[LegacyResponse]>(sent, 'accepted');

    // What the receiving application reads, legacy fields included.
    const [message] = await received;
    expect(message.body).toBe(json);
    expect(JSON.parse(message.body)).toEqual({ type: 'chat', text: 'Grüße, Alice', at: 1700000000 });
    expect(message.content_type).toBe('application/json');
    expect(message.request.body).toBe(json);
    expect(message.request.call_id).toBe(sent.request.call_id);
    expect(message.request.from.uri.user).toBe('bob');
    expect(message.remoteIdentity.uri.user).toBe('bob');

    // What the sender reads: the 200 that alice's UA answered, relayed by Kamailio.
    expect([accepted.status_code, accepted.reason_phrase, accepted.method]).toEqual([200, 'OK', 'MESSAGE']);
    expect(accepted.call_id).toBe(sent.request.call_id);
    expect(accepted.to_tag).toHaveLength(SIP.UA.C.TAG_LENGTH);
  }, 30_000);
});
