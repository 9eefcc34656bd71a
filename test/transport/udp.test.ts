import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/transport/transport.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { next, ok, okText, options, optionsText } from './support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function udp(): Promise<UdpTransport> {
  const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => transport.close());
  await transport.connect();
  return transport;
}

describe('UdpTransport over 127.0.0.1', () => {
  it('binds an ephemeral port and reports it as the Via sent-by', async () => {
    const a = await udp();
    expect(a.connected).toBe(true);
    expect(a.localPort).toBeGreaterThan(0);
    expect(a.viaPort).toBe(a.localPort);
    expect(a.viaHost).toBe('127.0.0.1');
    expect(a.localAddress).toBe('127.0.0.1');
    expect(a.reliable).toBe(false);
    expect(a.protocol).toBe('UDP');
  });

  it('carries a request and its response between two transports, byte for byte', async () => {
    const a = await udp();
    const b = await udp();
    const received = next(b, 'message');
    await a.send(options('u1', 'UDP', 'payload'), { protocol: 'UDP', host: '127.0.0.1', port: b.localPort! });
    const [request, from] = await received;
    expect(request.toString()).toBe(optionsText('u1', 'UDP', 'payload'));
    expect(from).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: a.localPort });
    const answered = next(a, 'message');
    await b.send(ok('u1', 'UDP'), from);
    expect((await answered)[0].toString()).toBe(okText('u1', 'UDP'));
  });

  it('reports a malformed datagram and keeps receiving; ignores bare CRLF keep-alives', async () => {
    const b = await udp();
    const raw = createSocket('udp4');
    cleanups.push(() => new Promise((resolve) => raw.close(() => resolve())));
    const messages: string[] = [];
    b.on('message', (m) => messages.push(m.callId));
    const malformed = next(b, 'malformed');
    raw.send('\r\n\r\n', b.localPort!, '127.0.0.1');
    raw.send('NOT SIP AT ALL', b.localPort!, '127.0.0.1');
    const [error, data] = await malformed;
    expect(error.name).toBe('SipParseError');
    expect(new TextDecoder().decode(data)).toBe('NOT SIP AT ALL');
    const good = next(b, 'message');
    raw.send(optionsText('u2', 'UDP'), b.localPort!, '127.0.0.1');
    await good;
    expect(messages).toEqual(['u2']);
  });

  it('rejects a send before connect and a bind to a port in use', async () => {
    const idle = new UdpTransport({ host: '127.0.0.1' });
    await expect(idle.send(ok('x', 'UDP'), { protocol: 'UDP', host: '127.0.0.1', port: 9 })).rejects.toBeInstanceOf(TransportError);
    const a = await udp();
    const clash = new UdpTransport({ host: '127.0.0.1', port: a.localPort! });
    await expect(clash.connect()).rejects.toBeInstanceOf(TransportError);
  });
});
