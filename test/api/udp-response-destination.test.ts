import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import NodeSIP from '../../src/node.js';
import { pollUntil } from '../support/poll.js';

// A UA whose server is reached over UDP (`udp:host:port`) takes datagrams from any peer; a request a
// peer sends it directly is answered to that peer (RFC 3261 §18.2.2: the Via's received/rport, or its
// sent-by), not to the server, which would drop a response whose top Via is not its own.

interface Endpoint {
  socket: Socket;
  port: number;
  received: Array<{ text: string; from: RemoteInfo }>;
}

const open: Socket[] = [];

function endpoint(): Promise<Endpoint> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    open.push(socket);
    const received: Endpoint['received'] = [];
    socket.on('message', (data, from) => received.push({ text: data.toString('utf8'), from }));
    socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port, received }));
  });
}

afterEach(async () => {
  for (const socket of open.splice(0)) await new Promise<void>((resolve) => socket.close(() => resolve()));
});

describe('a UDP UA answers a request to where it came from', () => {
  it('an OPTIONS a peer sends straight to the UA is answered 200 to that peer; the server gets no response', async () => {
    const server = await endpoint();
    const peer = await endpoint();
    const ua = new NodeSIP.UA({ uri: 'alice@example.test', wsServers: `udp:127.0.0.1:${server.port}`, register: false, log: { builtinEnabled: false } });
    try {
      const connected = new Promise<void>((resolve) => ua.once('connected', () => resolve()));
      ua.start();
      await connected;
      // The UA's port: where its own OPTIONS to the server comes from.
      ua.request('OPTIONS', 'sip:bob@example.test');
      await pollUntil(async () => server.received.length, (n) => n > 0, 2000);
      const uaPort = server.received[0]!.from.port;
      const options = [
        'OPTIONS sip:alice@example.test SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-direct-1;rport`,
        'Max-Forwards: 70',
        `From: <sip:peer@127.0.0.1:${peer.port}>;tag=p1`,
        'To: <sip:alice@example.test>',
        'Call-ID: direct-options-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      peer.socket.send(options, uaPort, '127.0.0.1');
      await pollUntil(async () => peer.received.length, (n) => n > 0, 2000);
      expect(peer.received[0]!.text).toMatch(/^SIP\/2\.0 200 /);
      expect(peer.received[0]!.text).toContain('Call-ID: direct-options-1');
      expect(server.received.filter((m) => m.text.startsWith('SIP/2.0'))).toEqual([]);
    } finally {
      ua.stop();
    }
  });
});
