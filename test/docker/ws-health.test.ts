import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { REPO_ROOT } from '../support/docker.js';
import { freePortBlock } from '../support/free-ports.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// docker/asterisk/ws-health.sh is the asterisk service's healthcheck and what the conformance runner
// (or a user) waits on: healthy means a WebSocket upgrade with subprotocol sip answered 101. Run
// here on the host with bash, as the runner runs it, against a real SIP WebSocket server (Kamailio).

const SCRIPT = join(REPO_ROOT, 'docker/asterisk/ws-health.sh');

function probe(args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

let kamailio: RunningKamailio;

beforeAll(async () => {
  kamailio = await startKamailio();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('docker/asterisk/ws-health.sh', () => {
  it('succeeds when a SIP WebSocket server answers the upgrade with 101', async () => {
    const result = await probe(['127.0.0.1', String(kamailio.ports.ws), '/ws']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('fails when the HTTP server answers the upgrade with anything else', async () => {
    const port = await freePortBlock(1);
    const server = createServer((_request, response) => response.writeHead(404).end());
    await listen(server, port);
    try {
      const result = await probe(['127.0.0.1', String(port), '/ws']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`no 101 from ws://127.0.0.1:${port}/ws`);
    } finally {
      await close(server);
    }
  });

  it('fails at once when nothing listens, and after --wait seconds when nothing comes up', async () => {
    const port = await freePortBlock(1);
    const once = await probe(['127.0.0.1', String(port)]);
    expect(once.code).toBe(1);
    expect(once.ms).toBeLessThan(3000);
    const waited = await probe(['--wait', '2', '127.0.0.1', String(port)]);
    expect(waited.code).toBe(1);
    expect(waited.ms).toBeGreaterThanOrEqual(1000);
  });

  it('with --wait, succeeds once a server comes up and answers 101', async () => {
    const port = await freePortBlock(1);
    const server = createServer();
    const sockets = new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
    const result = probe(['--wait', '15', '127.0.0.1', String(port), '/ws']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await listen(server, port);
    try {
      const { code, ms, stderr } = await result;
      expect(code, stderr).toBe(0);
      expect(ms).toBeGreaterThanOrEqual(1500);
    } finally {
      sockets.close();
      for (const client of sockets.clients) client.terminate();
      await close(server);
    }
  });
});
