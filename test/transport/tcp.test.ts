import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../src/index.js';
import { TcpTransport } from '../../src/transport/tcp-transport.js';
import { TransportError, type Peer } from '../../src/transport/transport.js';
import { flush, next, ok, okText, options, optionsText } from './support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listener(): Promise<TcpTransport> {
  const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => transport.close());
  await transport.connect();
  return transport;
}

function client(): TcpTransport {
  const transport = new TcpTransport({ listen: false });
  cleanups.push(() => transport.close());
  return transport;
}

/** A raw TCP socket to `port`, collecting what it receives. */
async function raw(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  cleanups.push(async () => void socket.destroy());
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => data, closed };
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function collect(transport: TcpTransport): Array<{ message: SipRequest | SipResponse; from: Peer }> {
  const list: Array<{ message: SipRequest | SipResponse; from: Peer }> = [];
  transport.on('message', (message, from) => list.push({ message, from }));
  return list;
}

describe('TcpTransport over 127.0.0.1', () => {
  it('listens on an ephemeral port and reports it', async () => {
    const server = await listener();
    expect(server.localPort).toBeGreaterThan(0);
    expect(server.viaPort).toBe(server.localPort);
    expect(server.viaHost).toBe('127.0.0.1');
    expect(server.reliable).toBe(true);
  });

  it('opens a connection on demand, answers on it by connectionId, and reuses it per host:port', async () => {
    const server = await listener();
    const alice = client();
    const port = server.localPort!;
    const atServer = collect(server);
    const atClient = collect(alice);
    await alice.send(options('t1', 'TCP', 'one'), { protocol: 'TCP', host: '127.0.0.1', port });
    await until(() => atServer.length === 1);
    const { message, from } = atServer[0]!;
    // RFC 3261 §18.2.1: the sent-by names no address, so the source address is recorded.
    expect(message.toString()).toBe(optionsText('t1', 'TCP', 'one').replace('z9hG4bKt1\r\n', 'z9hG4bKt1;received=127.0.0.1\r\n'));
    expect(from.connectionId).toMatch(/^tcp-\d+$/);
    expect(from.host).toBe('127.0.0.1');
    await server.send(ok('t1'), from);
    await until(() => atClient.length === 1);
    expect(atClient[0]!.message.toString()).toBe(okText('t1'));
    await alice.send(options('t2'), { protocol: 'TCP', host: '127.0.0.1', port });
    await until(() => atServer.length === 2);
    expect(atServer[1]!.from.connectionId).toBe(from.connectionId);
    expect(alice.connectionCount).toBe(1);
    expect(server.connectionCount).toBe(1);
  });

  it('frames messages written in pieces and several messages in one write', async () => {
    const server = await listener();
    const received = collect(server);
    const { socket } = await raw(server.localPort!);
    const bytes = Buffer.from(optionsText('p1', 'TCP', 'split body'));
    for (let i = 0; i < bytes.length; i += 7) {
      socket.write(bytes.subarray(i, i + 7));
      await flush();
    }
    socket.write(optionsText('m1') + optionsText('m2', 'TCP', 'x') + optionsText('m3'));
    await until(() => received.length === 4);
    expect(received.map((r) => r.message.callId)).toEqual(['p1', 'm1', 'm2', 'm3']);
    expect(received[0]!.message.bodyText).toBe('split body');
    expect(new Set(received.map((r) => r.from.connectionId)).size).toBe(1);
  });

  it('records the source in the top Via of a request (RFC 3261 §18.2.1, RFC 3581 §4), and nothing when nothing changes', async () => {
    const server = await listener();
    const received = collect(server);
    const peer = await raw(server.localPort!);
    const port = peer.socket.localPort!;
    const plain = optionsText('s2').replace('client.example.com;', `127.0.0.1:${port};`);
    peer.socket.write(optionsText('s1').replace('client.example.com;', 'client.example.com:5070;rport;') + plain);
    await until(() => received.length === 2);
    expect(received[0]!.message.rawHeaders('Via')).toEqual([`SIP/2.0/TCP client.example.com:5070;rport=${port};branch=z9hG4bKs1;received=127.0.0.1`]);
    expect(received[1]!.message.toString()).toBe(plain);
  });

  it('a fatal framing error closes that connection only', async () => {
    const server = await listener();
    const received = collect(server);
    const bad = await raw(server.localPort!);
    const good = await raw(server.localPort!);
    await until(() => server.connectionCount === 2);
    const malformed = next(server, 'malformed');
    // RFC 3261 §18.3: Content-Length is mandatory on a stream; without it boundaries are lost.
    bad.socket.write(optionsText('bad').replace(/Content-Length: 0\r\n/, ''));
    const [error] = await malformed;
    expect(error.message).toMatch(/framing error/);
    await bad.closed;
    good.socket.write(optionsText('still-ok'));
    await until(() => received.length === 1);
    expect(received[0]!.message.callId).toBe('still-ok');
    expect(server.connectionCount).toBe(1);
  });

  it('a message that frames but does not parse is reported and the connection stays', async () => {
    const server = await listener();
    const received = collect(server);
    const peer = await raw(server.localPort!);
    const malformed = next(server, 'malformed');
    peer.socket.write('GARBAGE LINE\r\nContent-Length: 0\r\n\r\n');
    await malformed;
    peer.socket.write(optionsText('next'));
    await until(() => received.length === 1);
    expect(server.connectionCount).toBe(1);
  });

  it('answers a CRLF CRLF ping with a CRLF pong and reports pongs (RFC 5626 §4.4.1)', async () => {
    const server = await listener();
    const peer = await raw(server.localPort!);
    peer.socket.write('\r\n\r\n');
    await until(() => peer.received() === '\r\n');
    const pong = next(server, 'pong');
    peer.socket.write('\r\n');
    const [from] = await pong;
    expect(from.connectionId).toMatch(/^tcp-/);
  });

  it('with a remote server: connects on connect(), pings it, reports its loss as disconnected', async () => {
    const sockets: Socket[] = [];
    const pings: string[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (d) => {
        pings.push(d.toString());
        socket.write('\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const transport = new TcpTransport({ remote: { host: '127.0.0.1', port } });
    cleanups.push(() => transport.close());
    await transport.connect();
    expect(transport.connected).toBe(true);
    expect(transport.localPort).toBeUndefined();
    expect(transport.viaPort).toBeGreaterThan(0);
    expect(transport.localAddress).toBe('127.0.0.1');
    const pong = next(transport, 'pong');
    await transport.sendKeepAlive();
    await pong;
    expect(pings).toEqual(['\r\n\r\n']);
    const disconnected = next(transport, 'disconnected');
    await until(() => sockets.length === 1);
    sockets[0]!.destroy();
    const [error] = await disconnected;
    expect(error).toBeInstanceOf(TransportError);
    expect(error?.peer).toBe(`127.0.0.1:${port}`);
    expect(transport.connected).toBe(false);
  });

  it('rejects a send to a port nobody listens on with a TransportError naming it', async () => {
    const server = await listener();
    const port = server.localPort!;
    await server.close();
    const alice = client();
    await expect(alice.send(options('x'), { protocol: 'TCP', host: '127.0.0.1', port })).rejects.toMatchObject({
      name: 'TransportError',
      peer: `127.0.0.1:${port}`,
    });
  });

  it('close() closes every connection and the listener', async () => {
    const server = await listener();
    const peer = await raw(server.localPort!);
    await until(() => server.connectionCount === 1);
    await server.close();
    await peer.closed;
    expect(server.connected).toBe(false);
    expect(server.connectionCount).toBe(0);
  });
});
