import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageServerContext, NodeUA } from '../../src/node.js';
import { compose, inContainer, REPO_ROOT, requireDockerEngine, runSippContainer } from '../support/docker.js';
import { freePortBlock } from '../support/free-ports.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { SIPP_PORTS, sippLocal } from '../support/sipp.js';

// The SIPp image of docker/compose.yaml, built here from the local debian:bookworm-slim, runs
// scenarios through `compose run --rm sipp …` against the project's Kamailio started natively: on
// the host network the container's SIPp binds and reaches 127.0.0.1 directly (issue 9, "The Docker
// path"). Needs a Docker engine: `bash scripts/docker-setup.sh`, then `npm run test:docker`.

const SCENARIOS = join(REPO_ROOT, 'test/docker/sipp');

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
const workDirs: string[] = [];

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-sipp-container-'));
  workDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  requireDockerEngine();
  await compose(['build', 'sipp'], { timeoutMs: 300_000 });
  kamailio = await startKamailio();
}, 320_000);

afterEach(async () => {
  await users.stopAll();
});

afterAll(async () => {
  await kamailio?.stop();
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe('SIPp in its container against Kamailio on 127.0.0.1', () => {
  it('registers with digest auth (401, then 200) through `compose run --rm sipp`', async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const result = await runSippContainer(
      [
        '-sf', inContainer(join(SCENARIOS, 'register.xml')),
        `127.0.0.1:${kamailio.ports.sip}`,
        '-s', 'bob', '-au', 'bob', '-ap', 'secret',
        ...sippLocal(port),
        '-m', '1', '-trace_msg', '-message_file', '/work/register-messages.log',
      ],
      workDir(),
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    // SIPp's message log, written in the container's /work, is read from the host's work directory.
    const received = [...result.logs.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => m[1]);
    expect(received).toEqual(['401', '200']);
    expect(result.logs).toMatch(/^Authorization: Digest .*username="bob"/m);
    expect(result.logs).toMatch(new RegExp(`^Contact: <sip:bob@127\\.0\\.0\\.1:${port};transport=UDP>.*expires=60`, 'm'));
  }, 60_000);

  it('sends a MESSAGE that a sipforge UA registered over WebSocket receives with its exact body', async () => {
    const alice = users.make('alice', { register: true });
    const registered = nextEvent(alice, 'registered');
    alice.start();
    await registered;
    const received = nextEvent<[MessageServerContext]>(alice as NodeUA, 'message', 30_000);

    const port = await freePortBlock(SIPP_PORTS);
    const result = await runSippContainer(
      ['-sf', inContainer(join(SCENARIOS, 'message.xml')), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'alice', ...sippLocal(port), '-m', '1'],
      workDir(),
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    const [message] = await received;
    // SIPp ends the scenario's body line with CRLF and counts it in Content-Length ([len]).
    expect(message.body).toBe('from the sipp container #1\r\n');
    expect(message.remoteIdentity.uri.toString()).toBe(`sip:sipp@127.0.0.1:${port}`);
  }, 60_000);

  it('runs the health probe of the asterisk service in a bookworm container on the host network: 101 from a SIP WebSocket', () => {
    // The asterisk image cannot be built here; its healthcheck is docker/asterisk/ws-health.sh on the
    // same base image, so the probe runs here in the SIPp image, against Kamailio's WebSocket.
    const probe = (port: number): ReturnType<typeof spawnSync> =>
      spawnSync(
        'docker',
        ['run', '--rm', '--network', 'host', '--entrypoint', 'bash', '-v', `${join(REPO_ROOT, 'docker/asterisk/ws-health.sh')}:/ws-health.sh:ro`, 'sipforge/sipp:latest', '/ws-health.sh', '127.0.0.1', String(port), '/ws'],
        { encoding: 'utf8', timeout: 30_000 },
      );
    const up = probe(kamailio.ports.ws);
    expect(up.status, `${up.stdout}${up.stderr}`).toBe(0);
    // Kamailio's SIP port is UDP and TCP: TCP answers, but not with a WebSocket upgrade.
    const notWebSocket = probe(kamailio.ports.sip);
    expect(notWebSocket.status).toBe(1);
    expect(notWebSocket.stderr).toContain(`no 101 from ws://127.0.0.1:${kamailio.ports.sip}/ws`);
  }, 60_000);
});
