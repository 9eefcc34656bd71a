import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import SIP, { type MessageServerContext, type NodeUA } from '../../src/node.js';
import type { LegacyResponse } from '../../src/api/index.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';

// The SIP.UA API end to end: UAs over WebSocket through a real Kamailio registrar/proxy
// (conformance/targets/kamailio/kamailio.cfg: users alice, bob, carol with password "secret", realm
// example.test; REGISTER challenged with 401, WS-originated requests with 407).

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
// Quick reconnection, for the test that restarts the server.
const ua = (user: string, options: Record<string, unknown> = {}): NodeUA =>
  users.make(user, { wsServerReconnectionTimeout: 1, connectionRecoveryMinInterval: 1, connectionRecoveryMaxInterval: 2, ...options });
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

describe('SIP.UA through Kamailio over WebSocket', () => {
  it('registers with digest auth, receives a MESSAGE from a second UA, answers OPTIONS, and unregisters all', async () => {
    const alice = ua('alice', { register: true });
    const registered = next<[LegacyResponse]>(alice, 'registered');
    alice.start();
    const [response] = await registered;
    expect(response.status).toBe(200);
    expect(alice.isRegistered()).toBe(true);
    expect(alice.isConnected()).toBe(true);

    const bob = ua('bob');
    bob.start();
    await next(bob, 'connected');
    const received = next<[MessageServerContext]>(alice, 'message');
    const body = 'Hello Alice — ünïcode, "quotes" and a\r\nline break';
    const sent = bob.message('alice@example.test', body);
    const [accepted] = await next<[LegacyResponse]>(sent, 'accepted');
    expect(accepted.status).toBe(200);
    const [incoming] = await received;
    expect(incoming.body).toBe(body);
    expect(incoming.contentType).toBe('text/plain');

    const options = bob.request('OPTIONS', `sip:127.0.0.1:${kamailio.ports.sip}`);
    const [optionsResponse] = await next<[LegacyResponse]>(options, 'accepted');
    expect(optionsResponse.status).toBe(200);

    const unregistered = next<[LegacyResponse | undefined]>(alice, 'unregistered');
    alice.unregister({ all: true });
    const [unregisterResponse] = await unregistered;
    expect(unregisterResponse?.status).toBe(200);
    expect(alice.isRegistered()).toBe(false);

    // Verified on the server side: the AOR has no binding left, so Kamailio answers 480.
    const again = bob.message('alice@example.test', 'anyone?');
    const [rejection, cause] = await next<[LegacyResponse, string]>(again, 'failed');
    expect(rejection.status).toBe(480);
    expect(cause).toBe(SIP.C.causes.UNAVAILABLE);
  }, 30_000);

  it('a wrong password ends in registrationFailed with AUTHENTICATION_ERROR after one retry', async () => {
    const trace: string[] = [];
    const logger = { error: () => undefined, warn: () => undefined, debug: () => undefined, log: (m: string) => trace.push(m) };
    const carol = ua('carol', { register: true, password: 'wrong', traceSip: true, logger, log: { builtinEnabled: false, level: 'log' } });
    const failed = next<[LegacyResponse | undefined, string]>(carol, 'registrationFailed');
    carol.start();
    const [response, cause] = await failed;
    expect(response?.status).toBe(401);
    expect(cause).toBe(SIP.C.causes.AUTHENTICATION_ERROR);
    expect(carol.isRegistered()).toBe(false);
    // traceSip logged every message: the REGISTER, and one retry with credentials — no loop.
    const registers = trace.filter((m) => /sent:\s+REGISTER /.test(m));
    expect(registers).toHaveLength(2);
    expect(registers[1]).toMatch(/\r\nAuthorization: Digest username="carol"/);
    expect(trace.join('\n')).not.toContain('wrong');
  }, 20_000);

  it('reconnects and registers again after the server restarts, without the application doing anything', async () => {
    const alice = ua('alice', { register: true });
    alice.start();
    await next(alice, 'registered');
    const disconnected = next(alice, 'disconnected');
    await kamailio.stop();
    await disconnected;
    expect(alice.isConnected()).toBe(false);
    kamailio = await startKamailio({ ports: kamailio.ports });
    await next(alice, 'connected', 20_000);
    await next(alice, 'registered', 10_000);
    expect(alice.isRegistered()).toBe(true);
  }, 45_000);
});
