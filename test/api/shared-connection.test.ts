import { describe, expect, it } from 'vitest';
import SIP, { FakeClock } from '../../src/index.js';
import type { SipRequest } from '../../src/syntax/index.js';
import type { Emitter, KeepAliveTransportEvents } from '../../src/transport/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

const quiet = { builtinEnabled: false };
// The shared connections live for the process: each test has a server URL of its own.
let nextPort = 9100;

/** A connection that can ping (RFC 5626 §4.4.1) and be answered by the test. */
class PingingTransport extends ScriptedTransport {
  pings = 0;

  async sendKeepAlive(): Promise<void> {
    this.pings += 1;
  }

  pong(): void {
    // The scripted transport's emitter carries the keep-alive events too; its type lists only the common ones.
    (this.events as unknown as Emitter<KeepAliveTransportEvents>).emit('pong', this.remote);
  }
}

function sharedUas(count: number, config: Record<string, unknown> = {}, transportClass = ScriptedTransport) {
  const clock = new FakeClock();
  const server = `ws://127.0.0.1:${nextPort++}`;
  const opened: ScriptedTransport[] = [];
  const open = () => {
    const transport = new transportClass(clock, { protocol: 'WS', viaHost: 'unused.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
    opened.push(transport);
    return transport;
  };
  const uas = Array.from({ length: count }, (_, i) =>
    new SIP.UA(
      { uri: `u${i}@example.test`, wsServers: server, register: false, sharedConnection: true, log: quiet, ...config },
      { transportFactory: () => open, clock },
    ),
  );
  return { uas, opened, clock };
}

/** The 200 a server would send back for `request`. */
function ok(request: SipRequest): string {
  const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((name) => `${name}: ${request.rawHeader(name)}${name === 'To' ? ';tag=srv' : ''}`);
  return `SIP/2.0 200 OK\r\n${copied.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
}

function messageTo(uri: string, callId: string): string {
  return [
    `MESSAGE ${uri} SIP/2.0`,
    'Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bK-' + callId,
    'Max-Forwards: 70',
    'From: <sip:bob@example.test>;tag=b1',
    `To: <${uri}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 MESSAGE',
    'Content-Type: text/plain',
    'Content-Length: 2',
    '',
    'hi',
  ].join('\r\n');
}

async function stopAll(uas: Array<{ stop(): Promise<void> }>, clock: FakeClock): Promise<void> {
  const stopping = Promise.all(uas.map((ua) => ua.stop()));
  for (let elapsed = 0; elapsed <= 5000; elapsed += 100) {
    await settle();
    clock.advance(100);
  }
  await stopping;
}

describe('sharedConnection', () => {
  it('opens one connection for the UAs that share it, and each UA is connected on it', async () => {
    const { uas, opened, clock } = sharedUas(3);
    await settle();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.connects).toBe(1);
    expect(uas.map((ua) => ua.isConnected())).toEqual([true, true, true]);
    await stopAll(uas, clock);
    expect(opened[0]!.connected).toBe(false);
  });

  it('gives a response to the UA whose Via host it names, and to no other', async () => {
    const { uas, opened, clock } = sharedUas(2);
    await settle();
    const [a, b] = uas as [InstanceType<typeof SIP.UA>, InstanceType<typeof SIP.UA>];
    const outcomes: string[] = [];
    a.message('carol@example.test', 'from a').on('accepted', () => outcomes.push('a accepted'));
    b.message('carol@example.test', 'from b').on('accepted', () => outcomes.push('b accepted'));
    await settle();
    const [fromA, fromB] = opened[0]!.requests;
    expect([fromA!.via.host, fromB!.via.host]).toEqual([a.configuration.viaHost, b.configuration.viaHost]);
    opened[0]!.deliver(ok(fromB!));
    await settle();
    expect(outcomes).toEqual(['b accepted']);
    opened[0]!.deliver(ok(fromA!));
    await settle();
    expect(outcomes).toEqual(['b accepted', 'a accepted']);
    await stopAll(uas, clock);
  });

  it("gives a request to the UA whose Contact is its Request-URI; one for a UA not on the connection is answered 404", async () => {
    const { uas, opened, clock } = sharedUas(2);
    await settle();
    const [a, b] = uas as [InstanceType<typeof SIP.UA>, InstanceType<typeof SIP.UA>];
    const received: string[] = [];
    a.on('message', () => received.push('a'));
    b.on('message', () => received.push('b'));
    const wire = opened[0]!;
    wire.deliver(messageTo(b.contact.toString(), 'm1'));
    await settle();
    expect(received).toEqual(['b']);
    expect(wire.statuses).toEqual([200]);
    wire.deliver(messageTo('sip:gone@x9y8z7.invalid;transport=ws', 'm2'));
    await settle();
    expect(received).toEqual(['b']);
    expect(wire.statuses).toEqual([200, 404]);
    const notFound = wire.last.message;
    expect([notFound.callId, notFound.to.tag === undefined]).toEqual(['m2', false]);
    await stopAll(uas, clock);
  });

  it('tells every UA of the loss of the connection, and the first to reconnect opens it again for all', async () => {
    const { uas, opened, clock } = sharedUas(2, { wsServerReconnectionTimeout: 4 });
    await settle();
    const events: string[] = [];
    uas.forEach((ua, i) => ua.on('disconnected', () => events.push(`disconnected ${i}`)));
    opened[0]!.lose();
    await settle();
    expect(events).toEqual(['disconnected 0', 'disconnected 1']);
    expect(uas.map((ua) => ua.isConnected())).toEqual([false, false]);
    clock.advance(4000);
    await settle();
    expect(opened).toHaveLength(2);
    expect(opened[1]!.connects).toBe(1);
    expect(uas.map((ua) => ua.isConnected())).toEqual([true, true]);
    await stopAll(uas, clock);
  });

  it('keeps the connection open until its last UA stops', async () => {
    const { uas, opened, clock } = sharedUas(2);
    await settle();
    await stopAll([uas[0]!], clock);
    expect([opened[0]!.connected, uas[1]!.isConnected()]).toEqual([true, true]);
    await stopAll([uas[1]!], clock);
    expect(opened[0]!.connected).toBe(false);
  });

  it('sends one keep-alive ping at a time for all its UAs, and each UA that pinged gets the pong', async () => {
    const { uas, opened, clock } = sharedUas(3, { keepAliveInterval: 30 }, PingingTransport);
    await settle();
    const wire = opened[0] as PingingTransport;
    const timeouts: number[] = [];
    uas.forEach((ua, i) => ua.on('keepAliveTimeout', () => timeouts.push(i)));
    // RFC 5626 §4.4.1: each UA pings at 80–100 % of its interval.
    clock.advance(30_000);
    await settle();
    expect(wire.pings).toBe(1);
    wire.pong();
    clock.advance(10_000);
    await settle();
    expect(timeouts).toEqual([]);
    expect(uas.map((ua) => ua.isConnected())).toEqual([true, true, true]);
    await stopAll(uas, clock);
  });

  it('refuses a second UA with the same Via host on the connection, with an error naming it', async () => {
    const { uas, clock } = sharedUas(2, { hackIpInContact: 'host.example.net' });
    const errors: string[] = [];
    uas[1]!.on('disconnected', (event: { error?: Error }) => errors.push(event.error?.message ?? ''));
    await settle();
    expect(uas.map((ua) => ua.isConnected())).toEqual([true, false]);
    expect(errors[0]).toContain('another UA on this shared connection uses the Via host host.example.net');
    await stopAll(uas, clock);
  });
});
