import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import SIP, { type NodeUA } from '../../src/node.js';
import { TcpTransport, UdpTransport } from '../../src/transport/node.js';
import { fixture } from '../support/fixtures.js';

// Messages from issue 7's fuzzing run that ended the process with an uncaught exception, sent
// over real sockets on 127.0.0.1 to a UA core (UDP, TCP) or a whole SIP.UA (WebSocket). Each
// must get the answer RFC 3261 asks for, and the UA must still answer OPTIONS afterwards.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const text = (data: Uint8Array | string): string => (typeof data === 'string' ? data : new TextDecoder().decode(data));

/** The status lines in a stream of SIP responses, in order. */
function statusLines(stream: string): string[] {
  return [...stream.matchAll(/^SIP\/2\.0 (\d{3}) .*$/gm)].map((m) => m[0]);
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function options(via: string, callId: string): string {
  return (
    'OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\n' +
    `Via: ${via};branch=z9hG4bK${callId}\r\n` +
    'Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:uas@127.0.0.1>\r\n' +
    `Call-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`
  );
}

async function tcpCore(): Promise<{ core: UserAgentCore; port: number }> {
  const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
  await transport.connect();
  const core = new UserAgentCore({ transport });
  core.start();
  cleanups.push(() => transport.close(), () => core.close());
  return { core, port: transport.localPort! };
}

async function tcpClient(port: number): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect({ host: '127.0.0.1', port });
  cleanups.push(() => void socket.destroy());
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => data };
}

/**
 * A SIP.UA connected to a WebSocket server of the test's (it plays the SIP server): the UA, the server's
 * end of the connection, the text of everything the UA sent on it, and what the UA logged as errors.
 */
async function uaOnOwnServer(): Promise<{ ua: NodeUA; socket: WebSocket; received: string[]; errors: string[] }> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    const connected = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const errors: string[] = [];
    const ua = new SIP.UA({
      uri: 'alice@example.test',
      wsServers: `ws://127.0.0.1:${port}`,
      register: false,
      log: { builtinEnabled: false, level: 'error', connector: (_level, _category, _label, content) => errors.push(content) },
    });
    cleanups.push(() => ua.stop());
    const socket = await connected;
    await new Promise<void>((resolve) => (ua.isConnected() ? resolve() : ua.once('connected', () => resolve())));
    const received: string[] = [];
    socket.on('message', (data) => received.push(text(new Uint8Array(data as Buffer))));
  return { ua, socket, received, errors };
}

describe('a request whose top Via does not parse (RFC 4475 badinv01)', () => {
  it('over TCP: 400 on the connection, and OPTIONS still answered', async () => {
    const { port } = await tcpCore();
    const client = await tcpClient(port);
    client.socket.write(fixture('badinv01'));
    await until(() => statusLines(client.received()).length === 1, 'answer to badinv01');
    expect(statusLines(client.received())[0]).toMatch(/^SIP\/2\.0 400 /);
    expect(client.received()).toContain('Call-ID: badinv01.0ha0isndaksdjasdf3234nas\r\n');
    client.socket.write(options('SIP/2.0/TCP 127.0.0.1:5060', 'after-badinv01'));
    await until(() => statusLines(client.received()).length === 2, 'answer to OPTIONS');
    expect(statusLines(client.received())[1]).toBe('SIP/2.0 200 OK');
  });

  it('over WebSocket, from the server a SIP.UA is connected to: 400 back, and OPTIONS still answered', async () => {
    const { socket, received, errors } = await uaOnOwnServer();
    socket.send(text(fixture('badinv01')));
    await until(() => received.length === 1, 'answer to badinv01');
    expect(statusLines(received[0]!)).toEqual([expect.stringMatching(/^SIP\/2\.0 400 /)]);
    socket.send(options('SIP/2.0/WS x.invalid', 'after-badinv01-ws'));
    await until(() => received.length === 2, 'answer to OPTIONS');
    expect(statusLines(received[1]!)).toEqual(['SIP/2.0 200 OK']);
    expect(errors).toEqual([]);
  });
});

describe('a 2xx to the INVITE of a SIP.UA over WebSocket with Contact: *', () => {
  it('is ACKed and the call ended with a BYE; the call fails with DIALOG_ERROR and OPTIONS is still answered', async () => {
    const { ua, socket, received, errors } = await uaOnOwnServer();
    const failed: string[] = [];
    ua.invite('bob@example.test').on('failed', (response, cause) => failed.push(`${response?.status} ${cause}`));
    await until(() => received.length === 1, 'INVITE');
    const invite = received[0]!;
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(invite)![1]!;
    socket.send(
      `SIP/2.0 200 OK\r\nVia: ${header('Via')}\r\nFrom: ${header('From')}\r\nTo: ${header('To')};tag=b1\r\n` +
        `Call-ID: ${header('Call-ID')}\r\nCSeq: ${header('CSeq')}\r\nContact: *\r\nContent-Length: 0\r\n\r\n`,
    );
    await until(() => received.length === 3, 'ACK and BYE');
    expect(received.slice(1).map((m) => m.split('\r\n')[0])).toEqual(['ACK sip:bob@example.test SIP/2.0', 'BYE sip:bob@example.test SIP/2.0']);
    expect(failed).toEqual(['200 Dialog Error']);
    const bye = received[2]!;
    const byeHeader = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(bye)![1]!;
    socket.send(
      `SIP/2.0 200 OK\r\nVia: ${byeHeader('Via')}\r\nFrom: ${byeHeader('From')}\r\nTo: ${byeHeader('To')}\r\n` +
        `Call-ID: ${byeHeader('Call-ID')}\r\nCSeq: ${byeHeader('CSeq')}\r\nContent-Length: 0\r\n\r\n`,
    );
    socket.send(options('SIP/2.0/WS x.invalid', 'after-contact-star'));
    await until(() => received.length === 4, 'answer to OPTIONS');
    expect(statusLines(received[3]!)).toEqual(['SIP/2.0 200 OK']);
    expect(errors).toEqual([]);
  });
});

describe('RFC 2543 requests (branch without z9hG4bK) spoofed in single UDP datagrams', () => {
  async function udpCore(): Promise<{ send: (message: string) => void; statuses: () => string[] }> {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await transport.connect();
    const core = new UserAgentCore({ transport });
    core.start();
    cleanups.push(() => transport.close(), () => core.close());
    const peer: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => peer.close(() => resolve())));
    const answers: string[] = [];
    peer.on('message', (data) => answers.push(...statusLines(text(new Uint8Array(data)))));
    const sentBy = `127.0.0.1:${peer.address().port}`;
    return {
      send: (message) => peer.send(message.replaceAll('SENT-BY', sentBy), transport.localPort!, '127.0.0.1'),
      statuses: () => answers,
    };
  }

  const legacy = (headers: { callId?: string; from?: string; extra?: string; branch?: string } = {}): string =>
    'OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\n' +
    `Via: SIP/2.0/UDP SENT-BY;branch=${headers.branch ?? '2543a'}\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: ${headers.from ?? '<sip:old@127.0.0.1>;tag=o1'}\r\n` +
    'To: <sip:uas@127.0.0.1>\r\n' +
    `${headers.callId ?? 'Call-ID: rfc2543-1'}\r\n` +
    'CSeq: 1 OPTIONS\r\n' +
    (headers.extra ?? '') +
    'Content-Length: 0\r\n\r\n';

  it('with a Call-ID that does not parse: 400', async () => {
    const uas = await udpCore();
    uas.send(legacy({ callId: 'Call-ID: two words' }));
    await until(() => uas.statuses().length === 1, 'answer');
    expect(uas.statuses()[0]).toMatch(/^SIP\/2\.0 400 /);
    uas.send(options('SIP/2.0/UDP SENT-BY', 'after-bad-callid'));
    await until(() => uas.statuses().length === 2, 'answer to OPTIONS');
    expect(uas.statuses()[1]).toBe('SIP/2.0 200 OK');
  });

  it('with two Call-ID lines: 400', async () => {
    const uas = await udpCore();
    uas.send(legacy({ callId: 'Call-ID: rfc2543-2\r\nCall-ID: rfc2543-3' }));
    await until(() => uas.statuses().length === 1, 'answer');
    expect(uas.statuses()[0]).toMatch(/^SIP\/2\.0 400 /);
    uas.send(options('SIP/2.0/UDP SENT-BY', 'after-two-callids'));
    await until(() => uas.statuses().length === 2, 'answer to OPTIONS');
    expect(uas.statuses()[1]).toBe('SIP/2.0 200 OK');
  });

  it('a second one with the same Call-ID and a From that does not parse: 200 to the first, 400 to the second', async () => {
    const uas = await udpCore();
    uas.send(legacy());
    await until(() => uas.statuses().length === 1, 'answer to the first');
    uas.send(legacy({ branch: '2543b', from: '<sip:old@127.0.0.1;tag=o1' }));
    await until(() => uas.statuses().length === 2, 'answer to the second');
    expect(uas.statuses()).toEqual(['SIP/2.0 200 OK', expect.stringMatching(/^SIP\/2\.0 400 /)]);
    uas.send(options('SIP/2.0/UDP SENT-BY', 'after-bad-from'));
    await until(() => uas.statuses().length === 3, 'answer to OPTIONS');
    expect(uas.statuses()[2]).toBe('SIP/2.0 200 OK');
  });
});
