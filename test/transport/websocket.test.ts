import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { ServerConnection } from '../../src/transport/server-connection.js';
import { TransportError } from '../../src/transport/transport.js';
import { nodeTransportFactory } from '../../src/transport/node-transport-factory.js';
import { nodeWebSocketFactory } from '../../src/transport/websocket-node.js';
import type { WebSocketLike } from '../../src/transport/websocket-like.js';
import { WebSocketTransport } from '../../src/transport/websocket-transport.js';
import { advance, encode, next, okText, options, optionsText } from './support.js';

interface Frame {
  data: string;
  isBinary: boolean;
}

/** An in-process WebSocket server on 127.0.0.1; `echoSip: false` makes it refuse the `sip` subprotocol. */
async function startServer(echoSip = true) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (echoSip && offered.has('sip') ? 'sip' : false) });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const frames: Frame[] = [];
  const offered: string[] = [];
  wss.on('connection', (socket, request) => {
    offered.push(String(request.headers['sec-websocket-protocol']));
    socket.on('message', (data: Buffer, isBinary: boolean) => frames.push({ data: data.toString('utf8'), isBinary }));
  });
  const client = async (): Promise<ServerSocket> => {
    const existing = [...wss.clients][0];
    if (existing) return existing;
    return new Promise<ServerSocket>((resolve) => wss.once('connection', resolve));
  };
  const nextFrame = async (): Promise<Frame> => {
    for (let i = 0; i < 300 && frames.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const frame = frames.shift();
    if (!frame) throw new Error('no frame received');
    return frame;
  };
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    });
  return { wss, port, url: `ws://127.0.0.1:${port}`, frames, offered, client, nextFrame, close };
}

type Server = Awaited<ReturnType<typeof startServer>>;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(echoSip = true): Promise<{ server: Server; transport: WebSocketTransport }> {
  const server = await startServer(echoSip);
  cleanups.push(server.close);
  const transport = new WebSocketTransport({ url: server.url, webSocketFactory: nodeWebSocketFactory() });
  cleanups.push(() => transport.close());
  return { server, transport };
}

describe('WebSocketTransport (RFC 7118) against an in-process ws server', () => {
  it('offers the sip subprotocol and connects when the server echoes it', async () => {
    const { server, transport } = await setup();
    const connected = next(transport, 'connected');
    await transport.connect();
    await connected;
    expect(server.offered).toEqual(['sip']);
    expect(transport.connected).toBe(true);
    expect(transport.protocol).toBe('WS');
    expect(transport.reliable).toBe(true);
    expect(transport.viaHost).toMatch(/^[a-z0-9]{12}\.invalid$/);
    expect(transport.viaPort).toBeUndefined();
    // The Node factory tells the local end of the connection (the RTP handler's default address).
    expect(transport.localAddress).toBe('127.0.0.1');
  });

  it('refuses a server that does not echo sip, naming the server', async () => {
    const { server, transport } = await setup(false);
    const failure = await transport.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).peer).toBe(server.url);
    expect((failure as TransportError).message).toMatch(/subprotocol/);
    expect(transport.connected).toBe(false);
  });

  it('refuses and closes a socket that opens with another subprotocol (the browser path)', async () => {
    let closedWith: number | undefined;
    const socket: WebSocketLike = {
      protocol: 'chat',
      binaryType: 'blob',
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send: () => undefined,
      close: (code) => {
        closedWith = code;
      },
    };
    const transport = new WebSocketTransport({ url: 'wss://edge.example.com/ws', webSocketFactory: () => socket });
    const connecting = transport.connect();
    socket.onopen?.({});
    await expect(connecting).rejects.toThrow(/subprotocol "sip" \(it selected "chat"\) \(wss:\/\/edge\.example\.com\/ws\)/);
    expect(closedWith).toBe(1002);
    expect(transport.protocol).toBe('WSS');
  });

  it('sends each message as one text frame, byte for byte', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const message = options('out1', 'WS', 'héllo wörld');
    await transport.send(message);
    const frame = await server.nextFrame();
    expect(frame).toEqual({ data: optionsText('out1', 'WS', 'héllo wörld'), isBinary: false });
  });

  it('receives a message from a text frame and from a binary frame', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    const first = next(transport, 'message');
    socket.send(optionsText('in1', 'WS', 'body'));
    const [message, from] = await first;
    expect(message.toString()).toBe(optionsText('in1', 'WS', 'body'));
    expect(from).toMatchObject({ protocol: 'WS', host: '127.0.0.1', port: server.port });
    const second = next(transport, 'message');
    socket.send(encode(okText('in2', 'WS')), { binary: true });
    const [response] = await second;
    expect(response.toString()).toBe(okText('in2', 'WS'));
  });

  it('leaves the Via of a request as it came: a WebSocket peer is known by name, not by address (RFC 7118 §5)', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    const arrived = next(transport, 'message');
    const text = optionsText('in3', 'WS').replace('client.example.com;', 'client.example.com;rport;');
    socket.send(text);
    expect((await arrived)[0].toString()).toBe(text);
  });

  it('reports a malformed frame and keeps the connection', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    const malformed = next(transport, 'malformed');
    socket.send('this is not SIP\r\n\r\n');
    const [error, data] = await malformed;
    expect(error.name).toBe('SipParseError');
    expect(new TextDecoder().decode(data as Uint8Array)).toBe('this is not SIP\r\n\r\n');
    expect(transport.connected).toBe(true);
    const message = next(transport, 'message');
    socket.send(optionsText('after', 'WS'));
    expect((await message)[0].callId).toBe('after');
  });

  it('accepts a message without Content-Length (the frame is the message)', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    const message = next(transport, 'message');
    socket.send(optionsText('ncl', 'WS', 'abc').replace('Content-Length: 3\r\n', ''));
    expect((await message)[0].bodyText).toBe('abc');
  });

  it('sends CRLF keep-alive pings as text frames, reports pongs, answers pings', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    await transport.sendKeepAlive();
    expect(await server.nextFrame()).toEqual({ data: '\r\n\r\n', isBinary: false });
    const pong = next(transport, 'pong');
    socket.send('\r\n');
    await pong;
    socket.send('\r\n\r\n');
    expect(await server.nextFrame()).toEqual({ data: '\r\n', isBinary: false });
  });

  it('reports disconnected with a TransportError when the server closes', async () => {
    const { server, transport } = await setup();
    await transport.connect();
    const socket = await server.client();
    const disconnected = next(transport, 'disconnected');
    socket.close(1001, 'going away');
    const [error] = await disconnected;
    expect(error).toBeInstanceOf(TransportError);
    expect(error?.message).toMatch(/1001: going away/);
    expect(transport.connected).toBe(false);
    await expect(transport.send(options('late', 'WS'))).rejects.toBeInstanceOf(TransportError);
  });

  it('close() while connecting rejects connect() and leaves nothing open', async () => {
    const { server, transport } = await setup();
    const connecting = transport.connect();
    await transport.close();
    await expect(connecting).rejects.toThrow(/closed before the WebSocket connection was established/);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.wss.clients.size).toBe(0);
  });

  it('a refused connection rejects with a TransportError naming the server', async () => {
    const { server } = await setup();
    const url = server.url;
    await server.close();
    const transport = new WebSocketTransport({ url, webSocketFactory: nodeWebSocketFactory() });
    await expect(transport.connect()).rejects.toMatchObject({ name: 'TransportError', peer: url });
  });
});

describe('ServerConnection over a real WebSocket server', () => {
  it('reconnects after the server drops the connection', async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const clock = new FakeClock();
    const connection = new ServerConnection({ servers: [server.url], createTransport: nodeTransportFactory(), clock, connectTimeout: 0 });
    cleanups.push(() => connection.close());
    connection.start();
    await next(connection, 'connected');
    const disconnected = next(connection, 'disconnected');
    (await server.client()).close();
    await disconnected;
    const reconnected = next(connection, 'connected');
    await advance(clock, 4000);
    await reconnected;
    expect(connection.connected).toBe(true);
    const frame = server.nextFrame();
    await connection.send(options('again', 'WS'));
    expect((await frame).data).toBe(optionsText('again', 'WS'));
  });
});

describe('nodeWebSocketFactory', () => {
  it('sends the messages of one turn of the event loop in one write, in order', async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const socket = nodeWebSocketFactory()(server.url, ['sip']);
    cleanups.push(async () => socket.close());
    await new Promise<void>((resolve) => {
      socket.onopen = () => resolve();
    });
    const tcp = (socket as unknown as { tcp: import('node:net').Socket }).tcp;
    socket.send('one');
    socket.send('two');
    socket.send('three');
    // Held back together until the event loop has read what there was to read.
    expect([tcp.writableCorked, tcp.writableLength > 0]).toEqual([1, true]);
    await new Promise((resolve) => setImmediate(resolve));
    expect([tcp.writableCorked, tcp.writableLength]).toEqual([0, 0]);
    const received = [await server.nextFrame(), await server.nextFrame(), await server.nextFrame()];
    expect(received.map((frame) => frame.data)).toEqual(['one', 'two', 'three']);
  });
});
