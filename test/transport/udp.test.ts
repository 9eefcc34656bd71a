import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../src/syntax/index.js';
import { TransportError } from '../../src/transport/transport.js';
import { DEFAULT_RECEIVE_BUFFER, UdpTransport } from '../../src/transport/udp-transport.js';
import { next, ok, okText, options, optionsText } from './support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function udp(): Promise<UdpTransport> {
  const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => transport.close());
  await transport.connect();
  return transport;
}

describe('UdpTransport over 127.0.0.1', () => {
  it('binds an ephemeral port and reports it as the Via sent-by', async () => {
    const a = await udp();
    expect(a.connected).toBe(true);
    expect(a.localPort).toBeGreaterThan(0);
    expect(a.viaPort).toBe(a.localPort);
    expect(a.viaHost).toBe('127.0.0.1');
    expect(a.localAddress).toBe('127.0.0.1');
    expect(a.reliable).toBe(false);
    expect(a.protocol).toBe('UDP');
  });

  it('hands a datagram for an address to the system in the send itself, and still sends to a peer given by name', async () => {
    const a = await udp();
    const b = await udp();
    const inbox = createSocket('udp4');
    cleanups.push(() => new Promise((resolve) => inbox.close(() => resolve())));
    await new Promise<void>((resolve) => inbox.bind(0, '127.0.0.1', () => resolve()));
    const first = new Promise<Buffer>((resolve) => inbox.once('message', resolve));
    const port = inbox.address().port.toString(16).toUpperCase().padStart(4, '0');
    const queued = (): number => {
      // /proc/net/udp: "sl local_address rem_address st tx_queue:rx_queue …", addresses in hex.
      const line = readFileSync('/proc/net/udp', 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[1] === `0100007F:${port}`);
      return parseInt(line!.trim().split(/\s+/)[4]!.split(':')[1]!, 16);
    };
    expect(queued()).toBe(0);
    void a.send(options('u2', 'UDP'), { protocol: 'UDP', host: '127.0.0.1', port: inbox.address().port });
    // Nothing has run since the call: the datagram already waits in the receiver's queue.
    expect(queued()).toBeGreaterThan(0);
    expect((await first).toString()).toContain('z9hG4bKu2');
    const received = next(b, 'message');
    await a.send(options('u3', 'UDP'), { protocol: 'UDP', host: 'localhost', port: b.localPort! });
    expect((await received)[0].toString()).toContain('z9hG4bKu3');
  });

  it('carries a request and its response between two transports, byte for byte', async () => {
    const a = await udp();
    const b = await udp();
    const received = next(b, 'message');
    await a.send(options('u1', 'UDP', 'payload'), { protocol: 'UDP', host: '127.0.0.1', port: b.localPort! });
    const [request, from] = await received;
    // RFC 3261 §18.2.1: the sent-by names no address, so the source address is recorded (see below).
    expect(request.toString()).toBe(optionsText('u1', 'UDP', 'payload').replace('z9hG4bKu1\r\n', 'z9hG4bKu1;received=127.0.0.1\r\n'));
    expect(from).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: a.localPort });
    const answered = next(a, 'message');
    await b.send(ok('u1', 'UDP'), from);
    expect((await answered)[0].toString()).toBe(okText('u1', 'UDP'));
  });

  it('gives the datagrams of one source one Peer (transactions keep it), and another source its own', async () => {
    const a = await udp();
    const b = await udp();
    const c = await udp();
    const to = { protocol: 'UDP' as const, host: '127.0.0.1', port: b.localPort! };
    const first = next(b, 'message');
    await a.send(options('p1', 'UDP'), to);
    const [, fromA1] = await first;
    const second = next(b, 'message');
    await a.send(options('p2', 'UDP'), to);
    const [, fromA2] = await second;
    const third = next(b, 'message');
    await c.send(options('p3', 'UDP'), to);
    const [, fromC] = await third;
    expect(fromA2).toBe(fromA1);
    expect(fromC).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: c.localPort });
    expect(fromC).not.toBe(fromA1);
  });

  it('reports a malformed datagram and keeps receiving; ignores bare CRLF keep-alives', async () => {
    const b = await udp();
    const raw = createSocket('udp4');
    cleanups.push(() => new Promise((resolve) => raw.close(() => resolve())));
    const messages: string[] = [];
    b.on('message', (m) => messages.push(m.callId));
    const malformed = next(b, 'malformed');
    raw.send('\r\n\r\n', b.localPort!, '127.0.0.1');
    raw.send('NOT SIP AT ALL', b.localPort!, '127.0.0.1');
    const [error, data] = await malformed;
    expect(error.name).toBe('SipParseError');
    expect(new TextDecoder().decode(data)).toBe('NOT SIP AT ALL');
    const good = next(b, 'message');
    raw.send(optionsText('u2', 'UDP'), b.localPort!, '127.0.0.1');
    await good;
    expect(messages).toEqual(['u2']);
  });

  it('records the source in the top Via of a request (RFC 3261 §18.2.1, RFC 3581 §4), and nothing when nothing changes', async () => {
    const b = await udp();
    const raw = createSocket('udp4');
    cleanups.push(() => new Promise((resolve) => raw.close(() => resolve())));
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', () => resolve()));
    const port = raw.address().port;
    const send = async (text: string): Promise<SipRequest> => {
      const arrived = next(b, 'message');
      raw.send(text, b.localPort!, '127.0.0.1');
      return (await arrived)[0] as SipRequest;
    };
    const asked = await send(optionsText('r1', 'UDP').replace('client.example.com;', `127.0.0.1:${port};rport;`));
    expect(asked.rawHeaders('Via')).toEqual([`SIP/2.0/UDP 127.0.0.1:${port};rport=${port};branch=z9hG4bKr1;received=127.0.0.1`]);
    const plain = optionsText('r2', 'UDP').replace('client.example.com;', `127.0.0.1:${port};`);
    expect((await send(plain)).toString()).toBe(plain);
    // An ACK is never answered (RFC 3261 §17.1.1.3): no response copies its Via.
    const ack = optionsText('r3', 'UDP').replace(/OPTIONS/g, 'ACK').replace('client.example.com;', 'client.example.com;rport;');
    expect((await send(ack)).toString()).toBe(ack);
  });

  it('asks for a 1 MiB receive buffer, so a burst that arrives while the process is busy is not dropped', async () => {
    const granted = async (receiveBuffer?: number) => {
      const transport = new UdpTransport({ host: '127.0.0.1', port: 0, ...(receiveBuffer === undefined ? {} : { receiveBuffer }) });
      cleanups.push(() => transport.close());
      await transport.connect();
      let received = 0;
      transport.on('message', () => received++);
      transport.on('malformed', () => received++);
      // The sender is another process; spawnSync blocks this one meanwhile, as a long GC pause would.
      const sender = `const s = require('node:dgram').createSocket('udp4'); const m = Buffer.from(process.argv[1]); let n = 0;
        const next = () => (n++ < 400 ? s.send(m, ${transport.localPort}, '127.0.0.1', next) : s.close()); next();`;
      expect(spawnSync(process.execPath, ['-e', sender, optionsText('burst-1')], { timeout: 20_000 }).status).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { size: transport.receiveBufferSize!, received };
    };
    const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
    const ours = await granted();
    const small = await granted(64 * 1024);
    // Linux grants twice what is asked (its bookkeeping), up to net.core.rmem_max.
    expect(ours.size).toBe(2 * Math.min(DEFAULT_RECEIVE_BUFFER, rmemMax));
    expect(small.received).toBeLessThan(400);
    if (rmemMax >= DEFAULT_RECEIVE_BUFFER) expect(ours.received).toBe(400);
    else expect(ours.received).toBeGreaterThanOrEqual(small.received);
  });

  it('rejects a send before connect and a bind to a port in use', async () => {
    const idle = new UdpTransport({ host: '127.0.0.1' });
    await expect(idle.send(ok('x', 'UDP'), { protocol: 'UDP', host: '127.0.0.1', port: 9 })).rejects.toBeInstanceOf(TransportError);
    const a = await udp();
    const clash = new UdpTransport({ host: '127.0.0.1', port: a.localPort! });
    await expect(clash.connect()).rejects.toBeInstanceOf(TransportError);
  });
});
