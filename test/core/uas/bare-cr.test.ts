import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../../src/core/user-agent-core.js';
import { TcpTransport, UdpTransport } from '../../../src/transport/node.js';
import type { Transport } from '../../../src/transport/transport.js';
import { quiet, tcpPeer, udpPeer, until } from '../../support/wire-peer.js';

// RFC 3261 §7.3.1 and §25: a header line ends with CRLF and no value holds a bare CR. A UAS
// answers such a request 400 when the headers a response copies (§8.2.6.2) are clean, and drops
// it when one of them holds the CR (it cannot be copied); either way nothing throws and no
// server transaction is left behind.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function uas(transport: Transport): Promise<UserAgentCore> {
  await transport.connect();
  const core = new UserAgentCore({ transport });
  core.start();
  cleanups.push(() => transport.close(), () => core.close());
  return core;
}

/** The To tag the UAS chose (RFC 3261 §8.2.6.2), so the rest of a response can be compared byte for byte. */
function toTag(response: string): string {
  return /^To: [^\r]*;tag=([^;\r]+)\r$/m.exec(response)?.[1] ?? 'none';
}

function options(protocol: string, port: number, callId: string, extra = ''): string {
  return (
    `OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${protocol} 127.0.0.1:${port};branch=z9hG4bK${callId.replace(/\W/g, '')};rport\r\n` +
    `Max-Forwards: 70\r\nFrom: <sip:uac@127.0.0.1>;tag=f1\r\nTo: <sip:uas@127.0.0.1>\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`
  );
}

describe('a bare CR inside a header value', () => {
  it('over UDP: 400 with the copied headers when the CR is in another header, exact bytes', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const core = await uas(transport);
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    await peer.send(options('UDP', peer.port, 'cr-subject', 'Subject: hello\rworld\r\n'), transport.localPort!);
    await until(() => peer.received.length === 1);
    const answer = peer.received[0]!;
    expect(answer).toBe(
      'SIP/2.0 400 Bad Request (malformed Subject)\r\n' +
        `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKcrsubject;rport\r\n` +
        `From: <sip:uac@127.0.0.1>;tag=f1\r\nTo: <sip:uas@127.0.0.1>;tag=${toTag(answer)}\r\nCall-ID: cr-subject\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(core.transactions.transactionCount).toBe(0);
  });

  it('over UDP: dropped when the CR is in Call-ID (it cannot be copied), and the UA keeps answering', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const core = await uas(transport);
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const unhandled: unknown[] = [];
    const record = (error: unknown): number => unhandled.push(error);
    process.on('uncaughtException', record);
    cleanups.push(() => void process.off('uncaughtException', record));
    await peer.send(options('UDP', peer.port, 'abc\rdef'), transport.localPort!);
    await peer.send(options('UDP', peer.port, 'abc\rdef').replace('OPTIONS sip', 'INVITE sip').replace('1 OPTIONS', '1 INVITE'), transport.localPort!);
    await peer.send(options('UDP', peer.port, 'after'), transport.localPort!);
    await until(() => peer.received.length >= 1);
    await quiet(100);
    expect(peer.received.map((r) => r.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK']);
    expect(peer.received[0]).toContain('Call-ID: after\r\n');
    expect(unhandled).toEqual([]);
    expect(core.transactions.transactionCount).toBe(1);
  });

  it('over TCP: the same 400, on the connection the request came in on', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
    const core = await uas(transport);
    const peer = await tcpPeer(transport.localPort!);
    cleanups.push(() => peer.close());
    peer.socket.write(options('TCP', 5060, 'cr-tcp', 'Subject: a\rb\r\n'));
    await until(() => peer.received().endsWith('\r\n\r\n'));
    const answer = peer.received();
    expect(answer).toBe(
      'SIP/2.0 400 Bad Request (malformed Subject)\r\n' +
        'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKcrtcp;rport\r\n' +
        `From: <sip:uac@127.0.0.1>;tag=f1\r\nTo: <sip:uas@127.0.0.1>;tag=${toTag(answer)}\r\nCall-ID: cr-tcp\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(core.transactions.transactionCount).toBe(0);
  });
});
