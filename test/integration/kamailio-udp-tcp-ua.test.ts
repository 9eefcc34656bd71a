import { describe, expect, it } from 'vitest';
import type { InviteServerContext, NodeUA } from '../../src/node.js';
import { freePortBlock } from '../support/free-ports.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal, type SippResult } from '../support/sipp.js';
import { flow, scenario, tracedUa, until, type Wire } from '../support/traced-ua.js';

// A Node UA registered through Kamailio over UDP or TCP is reached by calls and MESSAGEs routed to
// its binding (RFC 3261 §10.2.1, §18.1.1): its Contact names the address and port Kamailio can send
// to — the bound UDP socket, or the local end of the TCP connection, which Kamailio reuses — not the
// WebSocket-style `<random>.invalid` host, which Kamailio cannot resolve (it answered 478).

const { users, kamailio } = useKamailio({ defines: ['SINGLE_WORKER'] });

interface Callee {
  ua: NodeUA;
  wire: Wire;
  calls: InviteServerContext[];
  events: string[];
  messages: string[];
}

/** alice over `protocol` to Kamailio's SIP port, registered, accepting every call, recording MESSAGE bodies. */
async function alice(protocol: 'udp' | 'tcp'): Promise<Callee> {
  const { ua, wire } = tracedUa(users, 'alice', { register: true, wsServers: `${protocol}:127.0.0.1:${kamailio().ports.sip}` });
  const calls: InviteServerContext[] = [];
  const events: string[] = [];
  const messages: string[] = [];
  ua.on('invite', (call) => {
    calls.push(call);
    call.on('accepted', (r) => events.push(`accepted ${r.status_code}`));
    call.on('confirmed', (r) => events.push(`confirmed ${r.method}`));
    call.on('bye', (r) => events.push(`bye ${r.method}`));
    call.on('failed', (r, cause) => events.push(`failed ${r?.status_code ?? 'none'} ${cause}`));
    call.on('terminated', (_m, cause) => events.push(`terminated ${cause ?? '-'}`));
    call.accept();
  });
  ua.on('message', (message) => messages.push(message.body));
  const registered = nextEvent(ua, 'registered');
  ua.start();
  await registered;
  return { ua, wire, calls, events, messages };
}

async function sipp(file: string, extra: string[] = []): Promise<SippResult> {
  const port = await freePortBlock(SIPP_PORTS);
  return runSipp(['-sf', scenario(file), `127.0.0.1:${kamailio().ports.sip}`, '-s', 'alice', '-m', '1', ...extra, ...sippLocal(port)], 30_000);
}

const expectOk = (result: SippResult): void => expect(result.code, `${result.output}\n${result.logs}`).toBe(0);

describe.each(['udp', 'tcp'] as const)('a Node UA registered over %s through Kamailio', (protocol) => {
  it('its REGISTER binds the local address and port the registrar reaches it at', async () => {
    const callee = await alice(protocol);
    const register = callee.wire.sent.map((t) => t.message).find((m) => 'method' in m && m.method === 'REGISTER')!;
    const contact = register.contact[0]!.uri!;
    const via = register.rawHeader('Via')!;
    expect(contact.host).toBe('127.0.0.1');
    expect(contact.port).toBeGreaterThan(0);
    expect(contact.params.get('transport')).toBe(protocol);
    expect(via).toBe(`SIP/2.0/${protocol.toUpperCase()} 127.0.0.1:${contact.port};branch=${register.via.branch}`);
  }, 40_000);

  it('SIPp calls her through Kamailio: the call connects, and ends with the caller\'s BYE', async () => {
    const callee = await alice(protocol);
    expectOk(await sipp('uac_call.xml', ['-d', '200']));
    await until(() => callee.events.includes('terminated -'));
    const callId = callee.calls[0]!.request.call_id;
    expect(flow(callee.wire.received, callId)).toEqual(['INVITE 1', 'ACK 1', 'BYE 2']);
    expect(flow(callee.wire.sent, callId).filter((m) => m !== '100 INVITE')).toEqual(['200 INVITE', '200 BYE']);
    expect(callee.events).toEqual(['accepted 200', 'confirmed ACK', 'bye BYE', 'terminated -']);
  }, 40_000);

  it('a MESSAGE SIPp sends to her through Kamailio reaches her and is answered 200', async () => {
    const callee = await alice(protocol);
    expectOk(await sipp('uac_message.xml'));
    expect(callee.messages).toEqual(['hello alice from sipp #1\r\n']);
  }, 40_000);
});
