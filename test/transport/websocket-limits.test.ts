import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { MESSAGE_TOO_LARGE, type SipParseError } from '../../src/syntax/index.js';
import { nodeTransportFactory } from '../../src/transport/node-transport-factory.js';
import { parseSipServer } from '../../src/transport/sip-server.js';
import type { UdpTransport } from '../../src/transport/udp-transport.js';
import { nodeWebSocketFactory } from '../../src/transport/websocket-node.js';
import { webSocketTransportFactory } from '../../src/transport/websocket-transport-factory.js';
import type { WebSocketLike, WebSocketOpenOptions } from '../../src/transport/websocket-like.js';
import { WebSocketTransport } from '../../src/transport/websocket-transport.js';
import { udpPeer } from '../support/wire-peer.js';
import { next, optionsText } from './support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A browser-like socket the test drives: no size limit of its own, frames delivered by hand. */
function browserSocket(): { socket: WebSocketLike; sent: string[]; opened: WebSocketOpenOptions[]; factory: (url: string, p: string[], o?: WebSocketOpenOptions) => WebSocketLike } {
  const sent: string[] = [];
  const opened: WebSocketOpenOptions[] = [];
  const socket: WebSocketLike = {
    protocol: 'sip',
    binaryType: 'blob',
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => void sent.push(typeof data === 'string' ? data : new TextDecoder().decode(data)),
    close: () => undefined,
  };
  return {
    socket,
    sent,
    opened,
    factory: (_url, _protocols, options) => {
      opened.push(options ?? {});
      return socket;
    },
  };
}

async function browserUa(limits?: ConstructorParameters<typeof WebSocketTransport>[0]['limits']) {
  const browser = browserSocket();
  const transport = new WebSocketTransport({ url: 'wss://edge.example.com/ws', webSocketFactory: browser.factory, limits });
  const connecting = transport.connect();
  browser.socket.onopen?.({});
  await connecting;
  const core = new UserAgentCore({ transport });
  core.start();
  cleanups.push(() => core.close(), () => transport.close());
  return { ...browser, transport };
}

describe('WebSocket message limits (browser path: the transport checks sizes)', () => {
  it('answers 513 to a message with more header lines than allowed', async () => {
    const { socket, sent } = await browserUa();
    const text = optionsText('lines', 'WS').replace('Max-Forwards', `${'Route: <sip:p.example.com;lr>\r\n'.repeat(300)}Max-Forwards`);
    socket.onmessage?.({ data: text });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((s) => s.split('\r\n')[0])).toEqual(['SIP/2.0 513 Message Too Large']);
    expect(sent[0]).toContain('Call-ID: lines\r\n');
  });

  it('refuses a message over head + body limits unread, and keeps the connection', async () => {
    const { socket, sent, transport, opened } = await browserUa({ maxBodyBytes: 1000 });
    expect(opened).toEqual([{ maxMessageBytes: 64 * 1024 + 4 + 1000 }]);
    const malformed = next(transport, 'malformed');
    socket.onmessage?.({ data: optionsText('huge', 'WS', 'x'.repeat(200_000)) });
    const [error] = await malformed;
    expect((error as SipParseError).rule).toBe(MESSAGE_TOO_LARGE);
    expect(sent).toEqual([]);
    socket.onmessage?.({ data: optionsText('fine', 'WS', 'x'.repeat(1000)) });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((s) => s.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK']);
    expect(transport.connected).toBe(true);
  });

  it('answers 513 to a body over the limit within a frame the socket let through', async () => {
    const { socket, sent } = await browserUa({ maxBodyBytes: 1000 });
    socket.onmessage?.({ data: optionsText('body', 'WS', 'x'.repeat(1500)) });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((s) => s.split('\r\n')[0])).toEqual(['SIP/2.0 513 Message Too Large']);
  });
});

describe('WebSocket message limits in Node (ws maxPayload)', () => {
  it('fails the connection (close code 1009) when the server sends a message over the limit, before buffering it', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const transport = new WebSocketTransport({ url, webSocketFactory: nodeWebSocketFactory(), limits: { maxBodyBytes: 1000 } });
    cleanups.push(() => transport.close());
    const accepted = new Promise<import('ws').WebSocket>((resolve) => wss.once('connection', resolve));
    await transport.connect();
    const peer = await accepted;
    const messages: unknown[] = [];
    transport.on('message', (m) => messages.push(m));
    const disconnected = next(transport, 'disconnected');
    const failed = next(transport, 'error');
    const peerClosed = new Promise<number>((resolve) => peer.once('close', resolve));
    peer.send(optionsText('huge', 'WS', 'x'.repeat(500_000)));
    expect((await failed)[0].message).toMatch(/Max payload size exceeded/);
    await disconnected;
    expect(await peerClosed).toBe(1009);
    expect(messages).toEqual([]);
  });
});

describe('transport factories pass the limits on', () => {
  it('webSocketTransportFactory: to the socket it opens and the transport', async () => {
    const browser = browserSocket();
    const transport = webSocketTransportFactory({ webSocketFactory: browser.factory, limits: { maxBodyBytes: 10 } })(parseSipServer('wss://edge.example.com'));
    cleanups.push(() => transport.close());
    const connecting = transport.connect();
    browser.socket.onopen?.({});
    await connecting;
    expect(browser.opened).toEqual([{ maxMessageBytes: 64 * 1024 + 4 + 10 }]);
  });

  it('nodeTransportFactory: to the UDP, TCP and TLS transports it makes', async () => {
    const transport = nodeTransportFactory({ limits: { maxHeaderLines: 3 } })(parseSipServer('udp:127.0.0.1:5060'));
    cleanups.push(() => transport.close());
    await transport.connect();
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const malformed = next(transport, 'malformed');
    await peer.send(optionsText('udp-lines', 'UDP'), (transport as UdpTransport).localPort!);
    expect(((await malformed)[0] as SipParseError).rule).toBe(MESSAGE_TOO_LARGE);
  });
});
