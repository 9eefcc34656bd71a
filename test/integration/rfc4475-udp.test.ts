import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/syntax/index.js';
import { UdpTransport } from '../../src/transport/node.js';
import { fixture, fixtureNames } from '../support/fixtures.js';
import { freePortBlock } from '../support/free-ports.js';
import { UAS_VERDICTS } from '../support/rfc4475-uas-verdicts.js';

// The RFC 4475 messages as datagrams to a sipforge UAS core on 127.0.0.1. RFC 3261 §18.2.2
// sends a response to the source address and the sent-by port (5060 when absent), so the
// test listens on the sent-by ports the messages name: 5060, 5050 and 5070.
const PORTS = [5060, 5050, 5070];
// Messages the core drops get no answer; this is how long the test waits to be sure.
const QUIET_MS = 400;

let transport: UdpTransport;
let core: UserAgentCore;
let sender: Socket;
const listeners: Socket[] = [];
const received: Array<{ response: SipResponse; port: number }> = [];

function bind(port: number, standIn: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.on('message', (data) => {
      try {
        const message = parseMessage(new Uint8Array(data));
        if ('status' in message) received.push({ response: message, port });
      } catch {
        received.push({ response: undefined as never, port });
      }
    });
    socket.bind(standIn, '127.0.0.1', () => resolve(socket));
  });
}

beforeAll(async () => {
  transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
  await transport.connect();
  core = new UserAgentCore({ transport });
  for (const method of ['INVITE', 'BYE', 'MESSAGE', 'INFO']) core.handle(method, (incoming) => core.respond(incoming, method === 'INVITE' ? 486 : 200));
  core.start();
  const base = await freePortBlock(PORTS.length);
  const standIns = new Map(PORTS.map((port, i) => [port, base + i]));
  const send = transport.send.bind(transport);
  transport.send = (message, peer) => send(message, { ...peer, port: standIns.get(peer.port) ?? peer.port });
  for (const port of PORTS) listeners.push(await bind(port, standIns.get(port)!));
  sender = listeners[0]!;
});

afterAll(async () => {
  core.close();
  await transport.close();
  for (const socket of listeners) await new Promise<void>((r) => socket.close(() => r()));
});

function callIdOf(data: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(data);
  const match = /^(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]*)/im.exec(text);
  return match?.[1]?.trim();
}

/** Send one fixture and return the status of the first response to it, or 'none' after a quiet period. */
async function exchange(name: string): Promise<number | 'none'> {
  const data = fixture(name);
  const callId = callIdOf(data);
  received.length = 0;
  // Several torture messages share a branch and sent-by (escnull and regescrt, novelsc and
  // unkscm): one UAS rightly takes the second for a retransmission of the first (§17.2.3).
  // Forgetting finished transactions between messages keeps each one a new request.
  core.transactions.close();
  await new Promise<void>((r) => sender.send(data, transport.localPort!, '127.0.0.1', () => r()));
  const deadline = Date.now() + QUIET_MS;
  while (Date.now() < deadline) {
    const answer = received.find((r) => r.response !== undefined && r.response.rawHeader('Call-ID') === callId);
    if (answer) return answer.response.status;
    await new Promise((r) => setTimeout(r, 10));
  }
  return 'none';
}

/**
 * A request that passes the checks reaches the dialog layer and the application: with a To
 * tag it names a dialog this UA does not have (481, RFC 3261 §12.2.2; wsinv has one), else
 * the application answers 486 to INVITE and 200 to the rest.
 */
function applicationAnswer(name: string): number {
  const request = parseMessage(fixture(name)) as SipRequest;
  if (request.to.tag !== undefined) return 481;
  return request.method === 'INVITE' ? 486 : 200;
}

describe('RFC 4475 messages over UDP to a sipforge UAS core', () => {
  it('gets the answer the RFC asks for to each message, and keeps answering', async () => {
    const results: Record<string, number | 'none'> = {};
    for (const file of fixtureNames()) {
      const name = file.replace(/\.dat$/, '');
      results[name] = await exchange(name);
    }
    const expected = Object.fromEntries(
      Object.entries(UAS_VERDICTS).map(([name, verdict]) => [name, verdict === 'drop' ? 'none' : verdict === 'pass' ? applicationAnswer(name) : verdict]),
    );
    expect(results).toEqual(expected);
    const after = new TextEncoder().encode(
      'OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKafter\r\nMax-Forwards: 70\r\n' +
        'From: <sip:t@127.0.0.1>;tag=a\r\nTo: <sip:uas@127.0.0.1>\r\nCall-ID: still-alive\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    received.length = 0;
    sender.send(after, transport.localPort!, '127.0.0.1');
    await expect.poll(() => received.find((r) => r.response?.callId === 'still-alive')?.response.status, { timeout: 2000 }).toBe(200);
  }, 60_000);
});
