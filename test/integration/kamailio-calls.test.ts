import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionStatus, type InviteClientContext, type InviteServerContext, type LegacyRequest, type LegacyResponse, type NodeUA } from '../../src/node.js';
import { parseMessage, SipRequest, SipResponse } from '../../src/syntax/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { runExample } from '../support/examples.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp } from '../support/sipp.js';

// Calls through a real proxy (RFC 3261 §12, §13, §15): Kamailio (conformance/targets/kamailio/kamailio.cfg)
// Record-Routes every INVITE, so the ACK and the BYE of either side reach the other only when the
// callee's 200 mirrors the INVITE's Record-Route (§12.1.1) and both sides build their route set from
// it (in order on the UAS side, reversed on the UAC side). A UA without it sees its ACK dropped and its
// BYE answered 404 by Kamailio, and the callee gives up with NO_ACK.

const scenario = (name: string): string => fileURLToPath(new URL(`../../conformance/targets/kamailio/sipp/${name}`, import.meta.url));
const UAC_CALL = scenario('uac_call.xml');
const CALLS = 3;

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
const next = nextEvent;

/** Every SIP message a UA sent and received, parsed from its traceSip output. */
interface Wire {
  sent: Array<SipRequest | SipResponse>;
  received: Array<SipRequest | SipResponse>;
}

function ua(user: string, wire: Wire, options: Record<string, unknown> = {}): NodeUA {
  const connector = (_level: string, category: string, _label: string | undefined, content: string): void => {
    const match = /^(sent|received):\n\n([\s\S]*)$/.exec(content);
    if (category !== 'sip.transport' || match === null) return;
    wire[match[1] as 'sent' | 'received'].push(parseMessage(match[2]!));
  };
  return users.make(user, { register: true, traceSip: true, log: { builtinEnabled: false, level: 'log', connector }, ...options });
}

async function registered(...uas: NodeUA[]): Promise<void> {
  await Promise.all(
    uas.map((instance) => {
      const done = next(instance, 'registered');
      instance.start();
      return done;
    }),
  );
}

const requests = (messages: Wire['sent'], method: string, callId: string): SipRequest[] =>
  messages.filter((m): m is SipRequest => m instanceof SipRequest && m.method === method && m.callId === callId);

const responses = (messages: Wire['sent'], method: string, callId: string): SipResponse[] =>
  messages.filter((m): m is SipResponse => m instanceof SipResponse && m.cseq.method === method && m.callId === callId);

const uris = (message: SipRequest | SipResponse, header: 'Route' | 'Record-Route'): string[] => message.headers(header).map((h) => h.uri.toString());

/** The answers and requests of one accepted call, as the callee's context reports them. */
function answering(context: InviteServerContext): { confirmed: Promise<[LegacyRequest]>; failures: string[] } {
  const failures: string[] = [];
  context.on('failed', (_response, cause) => failures.push(cause));
  const confirmed = next<[LegacyRequest]>(context, 'confirmed');
  context.progress();
  context.accept();
  return { confirmed, failures };
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

describe('calls through Kamailio (RFC 3261 §12.1.1: the route set of a dialog)', () => {
  it(`SIPp calls a UA registered over WebSocket ${CALLS} times: 180/200 mirror Record-Route, every ACK and BYE arrive`, async () => {
    const wire: Wire = { sent: [], received: [] };
    const bob = ua('bob', wire);
    await registered(bob);
    const calls: Array<{ context: InviteServerContext; confirmed: Promise<[LegacyRequest]>; bye: Promise<[LegacyRequest]>; failures: string[] }> = [];
    bob.on('invite', (context) => {
      const bye = next<[LegacyRequest]>(context, 'bye', 20_000);
      calls.push({ context, bye, ...answering(context) });
    });

    const port = await freePortBlock(SIPP_PORTS);
    const args = ['-sf', UAC_CALL, `127.0.0.1:${kamailio.ports.sip}`, '-s', 'bob', '-d', '300', '-m', String(CALLS), '-l', '1', ...sippLocal(port)];
    const result = await runSipp(args, 30_000);
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

    expect(calls).toHaveLength(CALLS);
    for (const call of calls) {
      const [ack] = await call.confirmed;
      expect(ack.method).toBe('ACK');
      const [bye] = await call.bye;
      expect(bye.method).toBe('BYE');
      expect(call.failures).toEqual([]);
      expect(call.context.status).toBe(SessionStatus.STATUS_TERMINATED);

      const callId = call.context.request.message.callId;
      const recordRoute = uris(call.context.request.message, 'Record-Route');
      // Kamailio bridges UDP and WebSocket: it records itself twice (rr enable_double_rr), the WS side on top.
      expect(recordRoute).toHaveLength(2);
      expect(recordRoute[0]).toMatch(/;transport=ws/);
      const [ringing, ok] = responses(wire.sent, 'INVITE', callId);
      expect(ringing!.status).toBe(180);
      expect(ok!.status).toBe(200);
      // RFC 3261 §12.1.1: the values as received, in order.
      expect(ringing!.rawHeaders('Record-Route')).toEqual(call.context.request.message.rawHeaders('Record-Route'));
      expect(ok!.rawHeaders('Record-Route')).toEqual(call.context.request.message.rawHeaders('Record-Route'));
      expect(ok!.contact[0]!.uri!.params.get('transport')).toBe('ws');
      expect(responses(wire.sent, 'BYE', callId).map((r) => r.status)).toEqual([200]);
    }
  }, 45_000);

  it(`SIPp calls a UA registered over WebSocket ${CALLS} times and the UA hangs up: its BYE follows both Record-Route values in order`, async () => {
    const wire: Wire = { sent: [], received: [] };
    const bob = ua('bob', wire);
    await registered(bob);
    const contexts: InviteServerContext[] = [];
    bob.on('invite', (context) => {
      contexts.push(context);
      // RFC 3261 §15: the callee hangs up once the ACK came.
      context.once('confirmed', () => setTimeout(() => context.bye(), 100));
      context.accept();
    });

    const port = await freePortBlock(SIPP_PORTS);
    const args = ['-sf', scenario('uac_call_callee_bye.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'bob', '-m', String(CALLS), '-l', '1', ...sippLocal(port)];
    const result = await runSipp(args, 30_000);
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

    expect(contexts).toHaveLength(CALLS);
    for (const context of contexts) {
      const callId = context.request.message.callId;
      const [bye] = requests(wire.sent, 'BYE', callId);
      expect(uris(context.request.message, 'Record-Route')).toHaveLength(2);
      expect(uris(bye!, 'Route')).toEqual(uris(context.request.message, 'Record-Route'));
      expect(bye!.uri.toString()).toBe(context.request.message.contact[0]!.uri!.toString());
      expect(responses(wire.received, 'BYE', callId).map((r) => r.status)).toEqual([200]);
      expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    }
  }, 45_000);

  it(`a UA calls a SIPp UAS (uas.xml, registered as carol) ${CALLS} times: ACK and BYE follow the reversed double Record-Route`, async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const local = sippLocal(port);
    const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'carol', '-au', 'carol', '-ap', 'secret', '-m', '1', ...local], 15_000);
    expect(registration.code, registration.output).toBe(0);
    const uas = startSipp(['-sf', scenario('uas.xml'), '-s', 'carol', '-m', String(CALLS), ...local], 40_000);

    const wire: Wire = { sent: [], received: [] };
    const alice = ua('alice', wire, { register: false });
    alice.start();
    await next(alice, 'connected');
    for (let i = 0; i < CALLS; i++) {
      const call = alice.invite('carol@example.test');
      const ok = (await next<[LegacyResponse]>(call, 'accepted'))[0].message;
      call.bye();
      const callId = ok.callId;
      await until(() => responses(wire.received, 'BYE', callId).length > 0);
      expect(responses(wire.received, 'BYE', callId).map((r) => r.status)).toEqual([200]);
      // Kamailio bridges WS and UDP: two values; reversed, the WS-facing one comes first (§12.1.2).
      const routeSet = uris(ok, 'Record-Route').reverse();
      expect(routeSet).toHaveLength(2);
      expect(routeSet[0]).toMatch(/;transport=ws/);
      const ack = requests(wire.sent, 'ACK', callId).at(-1)!;
      expect(ack.to.tag).toBe(ok.to.tag);
      expect(uris(ack, 'Route')).toEqual(routeSet);
      expect(uris(requests(wire.sent, 'BYE', callId)[0]!, 'Route')).toEqual(routeSet);
    }
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 60_000);

  it(`alice calls bob ${CALLS} times and hangs up: ACK and BYE carry the reversed Record-Route of the 200`, async () => {
    const aliceWire: Wire = { sent: [], received: [] };
    const bobWire: Wire = { sent: [], received: [] };
    const alice = ua('alice', aliceWire);
    const bob = ua('bob', bobWire);
    await registered(alice, bob);

    for (let i = 0; i < CALLS; i++) {
      const invited = next<[InviteServerContext]>(bob, 'invite');
      const call: InviteClientContext = alice.invite('bob@example.test');
      const accepted = next<[LegacyResponse]>(call, 'accepted');
      const [context] = await invited;
      const byeAtBob = next<[LegacyRequest]>(context, 'bye');
      const { confirmed, failures } = answering(context);
      const ok = (await accepted)[0].message;
      const [ack] = await confirmed;
      expect(ack.method).toBe('ACK');

      call.bye();
      const [bye] = await byeAtBob;
      expect(bye.method).toBe('BYE');
      const callId = ok.callId;
      await until(() => responses(aliceWire.received, 'BYE', callId).length > 0);
      expect(responses(aliceWire.received, 'BYE', callId).map((r) => r.status)).toEqual([200]);
      expect(failures).toEqual([]);

      // The callee mirrored the INVITE's Record-Route into its 180 and 200 (§12.1.1) ...
      const invite = context.request.message;
      expect(invite.headers('Record-Route').length).toBeGreaterThan(0);
      for (const response of responses(bobWire.sent, 'INVITE', callId)) {
        expect(response.rawHeaders('Record-Route')).toEqual(invite.rawHeaders('Record-Route'));
      }
      // ... and the caller routes ACK and BYE by it, reversed (§12.1.2), to the callee's Contact (§12.2.1.1).
      const routeSet = uris(ok, 'Record-Route').reverse();
      // The last ACK: the first acknowledged Kamailio's 407 (in the INVITE transaction, RFC 3261 §17.1.1.3).
      const sentAck = requests(aliceWire.sent, 'ACK', callId).at(-1);
      expect(sentAck!.to.tag).toBe(ok.to.tag);
      const [sentBye] = requests(aliceWire.sent, 'BYE', callId);
      expect(uris(sentAck!, 'Route')).toEqual(routeSet);
      expect(uris(sentBye!, 'Route')).toEqual(routeSet);
      expect(sentAck!.uri.toString()).toBe(ok.contact[0]!.uri!.toString());
      expect(sentBye!.uri.toString()).toBe(ok.contact[0]!.uri!.toString());
    }
  }, 60_000);

  it(`bob calls alice ${CALLS} times and the callee hangs up: BYE with the INVITE's Record-Route in order, to the caller's Contact`, async () => {
    const aliceWire: Wire = { sent: [], received: [] };
    const bobWire: Wire = { sent: [], received: [] };
    const alice = ua('alice', aliceWire);
    const bob = ua('bob', bobWire);
    await registered(alice, bob);

    for (let i = 0; i < CALLS; i++) {
      const invited = next<[InviteServerContext]>(alice, 'invite');
      const call: InviteClientContext = bob.invite('alice@example.test');
      const byeAtBob = next<[LegacyRequest]>(call, 'bye');
      const [context] = await invited;
      const { confirmed, failures } = answering(context);
      await next(call, 'accepted');
      await confirmed;

      context.bye();
      const [bye] = await byeAtBob;
      const callId = bye.call_id;
      await until(() => responses(aliceWire.received, 'BYE', callId).length > 0);
      expect(responses(aliceWire.received, 'BYE', callId).map((r) => r.status)).toEqual([200]);
      expect(responses(bobWire.sent, 'BYE', callId).map((r) => r.status)).toEqual([200]);
      expect(failures).toEqual([]);

      const invite = context.request.message;
      const [sentBye] = requests(aliceWire.sent, 'BYE', callId);
      expect(uris(sentBye!, 'Route')).toEqual(uris(invite, 'Record-Route'));
      expect(sentBye!.uri.toString()).toBe(invite.contact[0]!.uri!.toString());
    }
  }, 60_000);
});

describe('examples/call-through-proxy.ts', () => {
  it('places a call through Kamailio, bob sees the ACK and the BYE, and the script exits 0', async () => {
    const { code, output } = await runExample('call-through-proxy.ts', kamailio.wsUrl, 25_000);
    expect(output.trim().split('\n')).toEqual([
      'bob: call from sip:alice@example.test',
      'alice: bob answered',
      'bob: answered, the ACK arrived',
      'bob: alice hung up',
    ]);
    expect(code).toBe(0);
  }, 30_000);
});

async function until(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
