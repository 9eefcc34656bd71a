import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { StreamTransport } from '../../src/transport/stream-transport.js';
import { TcpTransport } from '../../src/transport/tcp-transport.js';
import { TlsTransport } from '../../src/transport/tls-transport.js';
import type { Peer } from '../../src/transport/transport.js';
import { until } from '../support/wire-peer.js';
import { optionsText } from './support.js';

// Idle inbound connections are closed and their number capped (RFC 3261 §18, RFC 5626 §4.4),
// on real sockets on 127.0.0.1; the idle timer runs on a FakeClock.

const IDLE = 30_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RawClient {
  socket: Socket;
  closed: boolean;
  received: () => string;
}

/** A raw client connection that records what it receives and whether it was closed. */
async function rawClient(open: () => Socket): Promise<RawClient> {
  const socket = open();
  const client: RawClient = { socket, closed: false, received: () => data };
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  socket.on('close', () => (client.closed = true));
  cleanups.push(() => void socket.destroy());
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('secureConnect', resolve).once('error', reject));
  return client;
}

async function tcpListener(clock: FakeClock, options: ConstructorParameters<typeof TcpTransport>[0] = {}): Promise<TcpTransport> {
  const transport = new TcpTransport({ host: '127.0.0.1', port: 0, clock, idleTimeout: IDLE, ...options });
  cleanups.push(() => transport.close());
  await transport.connect();
  return transport;
}

const tcp = (transport: StreamTransport) => () => rawClient(() => connect({ host: '127.0.0.1', port: transport.localPort! }));

/** Advance the clock by `ms`, giving sockets a moment to report what the timers did. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  clock.advance(ms);
  await new Promise((r) => setTimeout(r, 30));
}

/** Peers of the connections a transport accepted, in order of arrival. */
function arrivals(transport: StreamTransport): Peer[] {
  const peers: Peer[] = [];
  transport.on('message', (_m, from) => peers.push(from));
  return peers;
}

describe('idle TCP connections', () => {
  it('closes an accepted connection idle for idleTimeout, not before', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock);
    const client = await tcp(server)();
    await until(() => server.connectionCount === 1);
    await advance(clock, IDLE - 1);
    expect(client.closed).toBe(false);
    await advance(clock, 1);
    await until(() => client.closed);
    expect(server.connectionCount).toBe(0);
  });

  it('counts traffic, keep-alives included, as activity', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock);
    const client = await tcp(server)();
    await until(() => server.connectionCount === 1);
    await advance(clock, IDLE / 2);
    client.socket.write('\r\n\r\n');
    await until(() => client.received() === '\r\n');
    await advance(clock, IDLE / 2 + 1);
    expect(client.closed).toBe(false);
    await advance(clock, IDLE / 2);
    await until(() => client.closed);
  });

  it('keeps a connection a transaction uses, and closes it idleTimeout after the transaction ends', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock);
    const core = new UserAgentCore({ transport: server, clock });
    cleanups.push(() => core.close());
    const ringing: Array<() => void> = [];
    core.handle('INVITE', (incoming) => {
      core.respond(incoming, 180);
      ringing.push(() => core.respond(incoming, 486));
    });
    core.start();
    const client = await tcp(server)();
    client.socket.write(optionsText('inv', 'TCP').replace(/OPTIONS/g, 'INVITE'));
    await until(() => client.received().includes('SIP/2.0 180 Ringing'));
    await advance(clock, 5 * IDLE);
    expect(client.closed).toBe(false);
    ringing[0]!();
    await until(() => client.received().includes('SIP/2.0 486 Busy Here'));
    // RFC 3261 §17.2.1: the INVITE server transaction waits for the ACK up to Timer H (64*T1).
    await advance(clock, 64 * 500);
    expect(core.transactions.transactionCount).toBe(0);
    expect(client.closed).toBe(false);
    await advance(clock, IDLE);
    await until(() => client.closed);
  });

  it('keeps a connection retained through the Transport interface until it is released', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock);
    const peers = arrivals(server);
    const client = await tcp(server)();
    client.socket.write(optionsText('r1'));
    await until(() => peers.length === 1);
    const release = server.retain(peers[0]!);
    await advance(clock, 3 * IDLE);
    expect(client.closed).toBe(false);
    release();
    release();
    await advance(clock, IDLE);
    await until(() => client.closed);
  });

  it('never closes the connection to the configured server (the UA flow)', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock, { idleTimeout: 0 });
    const ua = new TcpTransport({ remote: { host: '127.0.0.1', port: server.localPort! }, clock, idleTimeout: IDLE });
    cleanups.push(() => ua.close());
    await ua.connect();
    await advance(clock, 3 * IDLE);
    expect(ua.connected).toBe(true);
    expect(ua.connectionCount).toBe(1);
  });
});

describe('the cap on accepted TCP connections', () => {
  it('closes the longest-idle connection not in use to admit a new one', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock, { maxInboundConnections: 3 });
    const peers = arrivals(server);
    const clients: RawClient[] = [];
    for (let i = 0; i < 3; i++) {
      clients.push(await tcp(server)());
      clients[i]!.socket.write(optionsText(`c${i}`));
      await until(() => peers.length === i + 1);
      await advance(clock, 1000);
    }
    server.retain(peers[0]!);
    const fourth = await tcp(server)();
    await until(() => clients[1]!.closed);
    expect(clients.map((c) => c.closed)).toEqual([false, true, false]);
    fourth.socket.write(optionsText('c3'));
    await until(() => peers.length === 4);
    expect(server.connectionCount).toBe(3);
  });

  it('refuses a new connection when every accepted one is in use', async () => {
    const clock = new FakeClock();
    const server = await tcpListener(clock, { maxInboundConnections: 2 });
    const peers = arrivals(server);
    for (let i = 0; i < 2; i++) {
      const client = await tcp(server)();
      client.socket.write(optionsText(`u${i}`));
      await until(() => peers.length === i + 1);
      server.retain(peers[i]!);
    }
    const refused = await tcp(server)();
    await until(() => refused.closed);
    expect(server.connectionCount).toBe(2);
  });

  it('still answers OPTIONS after a flood of 1,000 idle connections (default cap 256)', async () => {
    const server = new TcpTransport({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => server.close());
    await server.connect();
    const core = new UserAgentCore({ transport: server });
    core.start();
    cleanups.push(() => core.close());
    const flood: Socket[] = [];
    cleanups.push(() => flood.forEach((s) => s.destroy()));
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          new Promise<void>((resolve) => {
            const socket = connect({ host: '127.0.0.1', port: server.localPort! });
            socket.on('error', () => undefined);
            flood.push(socket);
            socket.once('connect', () => resolve()).once('close', () => resolve());
          }),
        ),
      );
    }
    await until(() => server.connectionCount <= 256);
    const probe = await tcp(server)();
    probe.socket.write(optionsText('probe'));
    await until(() => probe.received().includes('SIP/2.0 200 OK'), 5000);
    expect(server.connectionCount).toBeLessThanOrEqual(256);
  }, 30_000);

  it('checks its options', () => {
    expect(() => new TcpTransport({ maxInboundConnections: 0 })).toThrow(RangeError);
    expect(() => new TcpTransport({ idleTimeout: -1 })).toThrow(/idleTimeout/);
  });
});

function openssl(dir: string): { cert: string; key: string } | undefined {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 20_000 },
    );
  } catch {
    return undefined;
  }
  return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
}

describe('idle and capped TLS connections', () => {
  it('closes an idle accepted TLS connection and evicts the longest-idle one when full', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'sipforge-tls-idle-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const credentials = openssl(dir);
    if (credentials === undefined) {
      context.skip();
      return;
    }
    const clock = new FakeClock();
    const server = new TlsTransport({ host: '127.0.0.1', port: 0, clock, idleTimeout: IDLE, maxInboundConnections: 2, tls: credentials });
    cleanups.push(() => server.close());
    await server.connect();
    const open = () => rawClient(() => tlsConnect({ host: '127.0.0.1', port: server.localPort!, rejectUnauthorized: false }));
    const first = await open();
    await until(() => server.connectionCount === 1);
    await advance(clock, 1000);
    const second = await open();
    await until(() => server.connectionCount === 2);
    const third = await open();
    await until(() => first.closed);
    expect(second.closed || third.closed).toBe(false);
    await advance(clock, IDLE);
    await until(() => second.closed && third.closed);
    expect(server.connectionCount).toBe(0);
  });
});
