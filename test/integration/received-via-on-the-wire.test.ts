import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { TcpTransport } from '../../src/transport/tcp-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';

// The UA core behind a real UDP or TCP transport and a raw socket as the client: what the
// responses carry back in their Via once the transport, not the core, records the source
// (RFC 3261 §18.2.1, RFC 3581 §4), and that retransmissions and ACKs still match their
// transaction with the stamp in front of the transaction layer.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function request(method: string, via: string, options: { branch?: string; cseqMethod?: string; toTag?: string; callId?: string } = {}): string {
  return (
    `${method} sip:uas@127.0.0.1 SIP/2.0\r\n` +
    `Via: ${via};branch=${options.branch ?? 'z9hG4bKwire1'}\r\n` +
    'Max-Forwards: 70\r\n' +
    'From: <sip:uac@127.0.0.1>;tag=f1\r\n' +
    `To: <sip:uas@127.0.0.1>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    `Call-ID: ${options.callId ?? 'wire-1'}\r\n` +
    `CSeq: 1 ${options.cseqMethod ?? method}\r\n` +
    'Content-Length: 0\r\n\r\n'
  );
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Let datagrams in flight on 127.0.0.1 arrive (for asserting that nothing more came). */
const quiet = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

async function uas(transport: Transport): Promise<{ core: UserAgentCore; clock: FakeClock }> {
  const clock = new FakeClock();
  await transport.connect();
  const core = new UserAgentCore({ transport, clock });
  core.start();
  cleanups.push(async () => {
    core.close();
    await transport.close();
  });
  return { core, clock };
}

async function udpClient(): Promise<{ socket: UdpSocket; port: number; received: string[] }> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port, received };
}

const viaLine = (message: string): string | undefined => /^Via: (.*)\r$/m.exec(message)?.[1];

describe('received/rport recorded by the transport, answered by the core (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('UDP: a request with rport gets received and rport=<source port> in the 200, and its retransmission the same 200', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await uas(transport);
    const client = await udpClient();
    const options = request('OPTIONS', `SIP/2.0/UDP 127.0.0.1:${client.port};rport`);
    client.socket.send(options, transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 1);
    expect(client.received[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(viaLine(client.received[0]!)).toBe(`SIP/2.0/UDP 127.0.0.1:${client.port};rport=${client.port};branch=z9hG4bKwire1;received=127.0.0.1`);
    client.socket.send(options, transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 2);
    expect(client.received[1]).toBe(client.received[0]);
  });

  it('UDP: a Via whose sent-by is the source and that asks no rport comes back untouched', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await uas(transport);
    const client = await udpClient();
    client.socket.send(request('OPTIONS', `SIP/2.0/UDP 127.0.0.1:${client.port}`), transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 1);
    expect(viaLine(client.received[0]!)).toBe(`SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKwire1`);
  });

  it('UDP: the ACK of a non-2xx still ends Timer G, and the ACK of a 2xx still reaches the core (received/rport play no part in matching)', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const { core, clock } = await uas(transport);
    const client = await udpClient();
    const via = `SIP/2.0/UDP client.example.com:${client.port};rport`;
    core.handle('INVITE', (incoming) => core.respond(incoming, incoming.request.callId === 'busy' ? 486 : 200, { toTag: 'uas1' }));
    const acks: string[] = [];
    core.onAck = (ack) => acks.push(ack.callId);

    client.socket.send(request('INVITE', via, { callId: 'busy', branch: 'z9hG4bKbusy' }), transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 1);
    expect(viaLine(client.received[0]!)).toBe(`SIP/2.0/UDP client.example.com:${client.port};rport=${client.port};branch=z9hG4bKbusy;received=127.0.0.1`);
    clock.advance(500);
    await until(() => client.received.length === 2);
    expect(client.received[1]).toBe(client.received[0]);
    client.socket.send(request('ACK', via, { callId: 'busy', branch: 'z9hG4bKbusy', toTag: 'uas1' }), transport.localPort!, '127.0.0.1');
    await quiet();
    clock.advance(4000);
    await quiet();
    expect(client.received).toHaveLength(2);

    client.socket.send(request('INVITE', via, { callId: 'ok', branch: 'z9hG4bKok' }), transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 3);
    expect(client.received[2]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    client.socket.send(request('ACK', via, { callId: 'ok', branch: 'z9hG4bKok-ack', toTag: 'uas1' }), transport.localPort!, '127.0.0.1');
    await until(() => acks.length === 1);
    expect(acks).toEqual(['ok']);
  });

  it('UDP: a request the core refuses as malformed (CSeq unreadable) is answered 400 with the source recorded too', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await uas(transport);
    const client = await udpClient();
    const broken = request('OPTIONS', `SIP/2.0/UDP 127.0.0.1:${client.port};rport`).replace('CSeq: 1 OPTIONS', 'CSeq: 99999999999 OPTIONS');
    client.socket.send(broken, transport.localPort!, '127.0.0.1');
    await until(() => client.received.length === 1);
    expect(client.received[0]).toMatch(/^SIP\/2\.0 400 /);
    expect(viaLine(client.received[0]!)).toBe(`SIP/2.0/UDP 127.0.0.1:${client.port};rport=${client.port};branch=z9hG4bKwire1;received=127.0.0.1`);
  });

  it('TCP: a request with rport gets received and rport=<source port> in the 200, on its connection', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
    await uas(transport);
    const socket: Socket = connect({ host: '127.0.0.1', port: transport.localPort! });
    cleanups.push(async () => void socket.destroy());
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const port = socket.localPort!;
    socket.write(request('OPTIONS', 'SIP/2.0/TCP client.example.com:5070;rport'));
    await until(() => data.endsWith('\r\n\r\n'));
    expect(data).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(viaLine(data)).toBe(`SIP/2.0/TCP client.example.com:5070;rport=${port};branch=z9hG4bKwire1;received=127.0.0.1`);
  });
});
