import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../../src/core/user-agent-core.js';
import { TcpTransport, UdpTransport } from '../../../src/transport/node.js';
import type { Transport } from '../../../src/transport/transport.js';
import { quiet, tcpPeer, udpPeer, until } from '../../support/wire-peer.js';

// Over TCP an unusable request is answered as over UDP (RFC 3261 §8.2.6, §21.5.7): the stream
// framer keeps the head the answer copies. A framing error also closes the connection, after
// the answer (RFC 3261 §18.3: message boundaries are lost).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function uas<T extends Transport>(transport: T): Promise<T> {
  await transport.connect();
  const core = new UserAgentCore({ transport });
  core.start();
  cleanups.push(() => transport.close(), () => core.close());
  return transport;
}

function request(protocol: string, callId: string, { extra = '', body = '', length }: { extra?: string; body?: string; length?: number } = {}): string {
  return (
    `OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${protocol} 127.0.0.1;branch=z9hG4bK${callId};rport\r\n` +
    `Max-Forwards: 70\r\nFrom: <sip:uac@127.0.0.1>;tag=f1\r\nTo: <sip:uas@127.0.0.1>\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n` +
    `${extra}Content-Length: ${length ?? Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** A response with its To tag and Via transport blanked, so answers over UDP and TCP compare equal. */
function normalised(response: string): string {
  return response.replace(/^(To: [^\r]*;tag=)[^;\r]+/m, '$1*').replace(/^Via: SIP\/2\.0\/(UDP|TCP) [^;\r]*/m, 'Via: SIP/2.0/* *');
}

const TOO_MANY_LINES = 'Route: <sip:proxy.example.com;lr>\r\n'.repeat(300);

const broken: Array<[title: string, change: (text: string) => string, status: string]> = [
  ['another SIP version', (t) => t.replace(' SIP/2.0\r\n', ' SIP/3.0\r\n'), 'SIP/2.0 505 Version Not Supported'],
  ['a broken Request-Line', (t) => t.replace('OPTIONS sip:', 'OPTIONS  sip:'), 'SIP/2.0 400 Bad Request (malformed RequestLine)'],
  ['a bare CR in Subject', (t) => t.replace('Max-Forwards', 'Subject: a\rb\r\nMax-Forwards'), 'SIP/2.0 400 Bad Request (malformed Subject)'],
  ['more than 256 header lines', (t) => t.replace('Max-Forwards', `${TOO_MANY_LINES}Max-Forwards`), 'SIP/2.0 513 Message Too Large'],
];

describe('unusable requests get the same answer over TCP as over UDP', () => {
  for (const [title, change, status] of broken) {
    it(`${title}: ${status}`, async () => {
      const udp = await uas(new UdpTransport({ host: '127.0.0.1', port: 0 }));
      const tcp = await uas(new TcpTransport({ host: '127.0.0.1', port: 0 }));
      const datagrams = await udpPeer();
      cleanups.push(() => datagrams.close());
      await datagrams.send(change(request('UDP', 'u1')), udp.localPort!);
      await until(() => datagrams.received.length === 1);
      const stream = await tcpPeer(tcp.localPort!);
      cleanups.push(() => stream.close());
      stream.socket.write(change(request('TCP', 'u1')));
      await until(() => stream.received().endsWith('\r\n\r\n'));
      const overTcp = stream.received();
      expect(overTcp.split('\r\n')[0]).toBe(status);
      expect(normalised(overTcp)).toBe(normalised(datagrams.received[0]!));
      // The connection carries on: the next request on it is answered.
      stream.socket.write(request('TCP', 'next'));
      await until(() => stream.received().includes('Call-ID: next'));
      expect(stream.received().slice(overTcp.length).split('\r\n')[0]).toBe('SIP/2.0 200 OK');
    });
  }
});

describe('framing errors over TCP are answered, then the connection is closed', () => {
  it('a request without Content-Length (mandatory on streams, RFC 3261 §18.3): 400', async () => {
    const tcp = await uas(new TcpTransport({ host: '127.0.0.1', port: 0 }));
    const peer = await tcpPeer(tcp.localPort!);
    cleanups.push(() => peer.close());
    peer.socket.write(request('TCP', 'ncl').replace('Content-Length: 0\r\n', ''));
    await peer.closed;
    expect(peer.received().split('\r\n')[0]).toBe('SIP/2.0 400 Bad Request (malformed Content-Length)');
    expect(peer.received()).toContain('Call-ID: ncl\r\n');
  });

  it('a body over the limit: 513 as soon as the header block arrives, without reading the body', async () => {
    const tcp = await uas(new TcpTransport({ host: '127.0.0.1', port: 0, limits: { maxBodyBytes: 1000 } }));
    const peer = await tcpPeer(tcp.localPort!);
    cleanups.push(() => peer.close());
    peer.socket.write(request('TCP', 'big', { length: 1_000_000 }));
    await peer.closed;
    const answer = peer.received();
    const tag = /^To: [^\r]*;tag=([^;\r]+)/m.exec(answer)?.[1];
    expect(answer).toBe(
      'SIP/2.0 513 Message Too Large\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKbig;rport\r\nFrom: <sip:uac@127.0.0.1>;tag=f1\r\n' +
        `To: <sip:uas@127.0.0.1>;tag=${tag}\r\nCall-ID: big\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    );
  });

  it('a header block that never ends within the limit: closed without an answer (nothing to copy from)', async () => {
    const tcp = await uas(new TcpTransport({ host: '127.0.0.1', port: 0, limits: { maxHeadBytes: 1024 } }));
    const peer = await tcpPeer(tcp.localPort!);
    cleanups.push(() => peer.close());
    peer.socket.write(`OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nX-Pad: ${'p'.repeat(2000)}`);
    await peer.closed;
    await quiet(20);
    expect(peer.received()).toBe('');
  });
});
