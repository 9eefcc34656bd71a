import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TlsTransport } from '../../src/transport/tls-transport.js';
import { next, ok, okText, options, optionsText } from './support.js';

/** `openssl` makes the self-signed certificate (Node cannot issue X.509 certificates itself). */
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!hasOpenssl())('TlsTransport over 127.0.0.1 (self-signed certificate)', () => {
  let dir = '';
  let cert = '';
  let key = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sipforge-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 20_000 },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function listener(): Promise<TlsTransport> {
    const transport = new TlsTransport({ host: '127.0.0.1', port: 0, tls: { cert, key } });
    cleanups.push(() => transport.close());
    await transport.connect();
    return transport;
  }

  function client(tls: ConstructorParameters<typeof TlsTransport>[0] = {}): TlsTransport {
    const transport = new TlsTransport({ listen: false, ...tls });
    cleanups.push(() => transport.close());
    return transport;
  }

  it('carries a request and its response over one verified connection', async () => {
    const server = await listener();
    const alice = client({ tls: { ca: cert } });
    const port = server.localPort!;
    const atServer = next(server, 'message');
    await alice.send(options('s1', 'TLS', 'secret'), { protocol: 'TLS', host: '127.0.0.1', port });
    const [request, from] = await atServer;
    expect(request.toString()).toBe(optionsText('s1', 'TLS', 'secret'));
    expect(from.protocol).toBe('TLS');
    expect(from.connectionId).toMatch(/^tls-\d+$/);
    const atClient = next(alice, 'message');
    await server.send(ok('s1', 'TLS'), from);
    expect((await atClient)[0].toString()).toBe(okText('s1', 'TLS'));
    await alice.send(options('s2', 'TLS'), { protocol: 'TLS', host: '127.0.0.1', port });
    expect(alice.connectionCount).toBe(1);
  });

  it('refuses an untrusted certificate unless rejectUnauthorized is false', async () => {
    const server = await listener();
    const port = server.localPort!;
    const strict = client();
    await expect(strict.send(options('s3', 'TLS'), { protocol: 'TLS', host: '127.0.0.1', port })).rejects.toMatchObject({ name: 'TransportError' });
    const lax = client({ tls: { rejectUnauthorized: false } });
    const received = next(server, 'message');
    await lax.send(options('s4', 'TLS'), { protocol: 'TLS', host: '127.0.0.1', port });
    expect((await received)[0].callId).toBe('s4');
  });

  it('answers a keep-alive ping inside the TLS stream', async () => {
    const server = await listener();
    const socket = tlsConnect({ host: '127.0.0.1', port: server.localPort!, ca: cert });
    cleanups.push(async () => void socket.destroy());
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    const pong = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
    socket.write('\r\n\r\n');
    expect(await pong).toBe('\r\n');
  });

  it('a remote-server client connects on connect() and pings', async () => {
    const server = await listener();
    const alice = client({ remote: { host: '127.0.0.1', port: server.localPort! }, tls: { ca: cert } });
    await alice.connect();
    expect(alice.connected).toBe(true);
    const pong = next(alice, 'pong');
    await alice.sendKeepAlive();
    await pong;
  });
});
