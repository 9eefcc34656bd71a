import { createSocket, type RemoteInfo, type Socket as DatagramSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import NodeSIP from '../../src/node.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { pollUntil } from '../support/poll.js';

// RFC 3261 §18.1.1 and §10.2.1: a Node UA whose server is `udp:` or `tcp:` names in its Via sent-by
// and its Contact the local address and port the server reaches it at — the bound UDP socket, the
// local end of the TCP connection — not the `<random>.invalid` host of a WebSocket client (RFC 7118
// Appendix B.1), which a registrar cannot route a call to.

const INSTANCE = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function udpServer(): Promise<{ port: number; received: Array<{ text: string; from: RemoteInfo }>; socket: DatagramSocket }> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    closers.push(() => new Promise<void>((done) => socket.close(() => done())));
    const received: Array<{ text: string; from: RemoteInfo }> = [];
    socket.on('message', (data, from) => received.push({ text: data.toString('utf8'), from }));
    socket.bind(0, '127.0.0.1', () => resolve({ port: socket.address().port, received, socket }));
  });
}

interface TcpPeer {
  socket: Socket;
  text: string;
}

function tcpServer(): Promise<{ port: number; peers: TcpPeer[]; server: Server }> {
  return new Promise((resolve) => {
    const peers: TcpPeer[] = [];
    const server = createServer((socket) => {
      const peer = { socket, text: '' };
      peers.push(peer);
      socket.on('data', (data) => (peer.text += data.toString('utf8')));
      socket.on('error', () => undefined);
    });
    closers.push(
      () =>
        new Promise<void>((done) => {
          for (const peer of peers) peer.socket.destroy();
          server.close(() => done());
        }),
    );
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, peers, server }));
  });
}

function ua(server: string, options: Record<string, unknown> = {}, clock?: FakeClock) {
  const agent = new NodeSIP.UA(
    { uri: 'alice@example.test', wsServers: server, password: 'secret', instanceId: INSTANCE, log: { builtinEnabled: false }, ...options },
    clock === undefined ? {} : { clock },
  );
  closers.push(async () => {
    agent.stop();
  });
  return agent;
}

const header = (text: string, name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1] ?? '';

describe('a Node UA over UDP names its bound socket in Via and Contact', () => {
  it('the first REGISTER: Via sent-by and Contact are 127.0.0.1 and the port the datagram came from', async () => {
    const server = await udpServer();
    const alice = ua(`udp:127.0.0.1:${server.port}`);
    await pollUntil(async () => server.received.length, (n) => n > 0, 3000);
    const [{ text, from }] = server.received as [{ text: string; from: RemoteInfo }];
    expect(text).toMatch(/^REGISTER sip:example\.test SIP\/2\.0\r\n/);
    expect(header(text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${from.port};branch=z9hG4bK[^;]+$`));
    expect(header(text, 'Contact')).toMatch(
      new RegExp(`^<sip:[a-z0-9]{8}@127\\.0\\.0\\.1:${from.port};transport=udp>;\\+sip\\.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=600$`),
    );
    expect(alice.contact.toString()).toMatch(new RegExp(`^sip:[a-z0-9]{8}@127\\.0\\.0\\.1:${from.port};transport=udp$`));
    expect(text).not.toContain('.invalid');
  });

  it('a MESSAGE it sends names the same address; the Contact of its INVITE too', async () => {
    const server = await udpServer();
    const alice = ua(`udp:127.0.0.1:${server.port}`, { register: false });
    await new Promise<void>((resolve) => alice.once('connected', () => resolve()));
    alice.message('sip:bob@example.test', 'hi');
    alice.invite('sip:bob@example.test');
    await pollUntil(async () => server.received.length, (n) => n >= 2, 3000);
    const message = server.received.find((m) => m.text.startsWith('MESSAGE'))!;
    const invite = server.received.find((m) => m.text.startsWith('INVITE'))!;
    const port = message.from.port;
    expect(header(message.text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${port};branch=`));
    expect(header(invite.text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${port};branch=`));
    expect(header(invite.text, 'Contact')).toMatch(new RegExp(`^<sip:[a-z0-9]{8}@127\\.0\\.0\\.1:${port};transport=udp>`));
    // RFC 4566 §5.7: the offer's connection address is the local address facing the server, not a name.
    expect(invite.text).toMatch(/\r\nc=IN IP4 127\.0\.0\.1\r\n/);
  });

  it('hackIpInContact keeps its host in Via and Contact (no port in Contact), as before', async () => {
    const server = await udpServer();
    ua(`udp:127.0.0.1:${server.port}`, { hackIpInContact: 'alice.example.net' });
    await pollUntil(async () => server.received.length, (n) => n > 0, 3000);
    const [{ text, from }] = server.received as [{ text: string; from: RemoteInfo }];
    expect(header(text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/UDP alice\\.example\\.net:${from.port};branch=`));
    expect(header(text, 'Contact')).toMatch(/^<sip:[a-z0-9]{8}@alice\.example\.net;transport=udp>;/);
  });
});

describe('a Node UA over TCP names its connection in Via and Contact', () => {
  it('the first REGISTER names the local end of the connection; after a reconnection, the new one', async () => {
    const clock = new FakeClock();
    const server = await tcpServer();
    const alice = ua(`tcp:127.0.0.1:${server.port}`, { wsServerReconnectionTimeout: 1 }, clock);
    await pollUntil(async () => server.peers[0]?.text ?? '', (text) => text.includes('\r\n\r\n'), 3000);
    const first = server.peers[0]!;
    const firstPort = first.socket.remotePort!;
    expect(header(first.text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/TCP 127\\.0\\.0\\.1:${firstPort};branch=z9hG4bK[^;]+$`));
    expect(header(first.text, 'Contact')).toMatch(
      new RegExp(`^<sip:[a-z0-9]{8}@127\\.0\\.0\\.1:${firstPort};transport=tcp>;\\+sip\\.instance="<urn:uuid:${INSTANCE}>";reg-id=1;expires=600$`),
    );
    // The server drops the connection; the UA reconnects after wsServerReconnectionTimeout from another port.
    const disconnected = new Promise<void>((resolve) => alice.once('disconnected', () => resolve()));
    first.socket.destroy();
    await disconnected;
    clock.advance(1000);
    await pollUntil(async () => server.peers[1]?.text ?? '', (text) => text.includes('\r\n\r\n'), 3000);
    const second = server.peers[1]!;
    const secondPort = second.socket.remotePort!;
    expect(secondPort).not.toBe(firstPort);
    expect(header(second.text, 'Via')).toMatch(new RegExp(`^SIP/2\\.0/TCP 127\\.0\\.0\\.1:${secondPort};branch=`));
    expect(header(second.text, 'Contact')).toMatch(new RegExp(`^<sip:[a-z0-9]{8}@127\\.0\\.0\\.1:${secondPort};transport=tcp>;`));
  });
});
