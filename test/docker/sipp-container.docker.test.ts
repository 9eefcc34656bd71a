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
// scenarios through `docker compose run --rm sipp …` against the project's Kamailio started natively:
// on the host network the container's SIPp binds and reaches 127.0.0.1 directly (issue 9, "The
// Docker path"). Needs a Docker engine: `bash scripts/docker-setup.sh`, then `npm run test:docker`.

/** The Kamailio target's SIPp scenarios (repository-relative: the one place that names the folder). */
const KAMAILIO_SCENARIOS = join(REPO_ROOT, 'conformance/kamailio/sipp');

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
    const dir = workDir();
    const result = await runSippContainer(
      [
        '-sf', inContainer(join(KAMAILIO_SCENARIOS, 'register.xml')),
        `127.0.0.1:${kamailio.ports.sip}`,
        '-s', 'bob', '-au', 'bob', '-ap', 'secret',
        ...sippLocal(port),
        '-m', '1', '-trace_msg', '-message_file', '/work/register-messages.log',
      ],
      dir,
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    // SIPp's message log, written in the container's /work, is the host's work directory.
    const received = [...result.logs.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => m[1]);
    expect(received).toEqual(['401', '200']);
    expect(result.logs).toMatch(/^Authorization: Digest .*username="bob"/m);
  }, 60_000);

  it('sends a MESSAGE that a sipforge UA registered over WebSocket receives with its exact body', async () => {
    const alice = users.make('alice', { register: true });
    const registered = nextEvent(alice, 'registered');
    alice.start();
    await registered;
    const received = nextEvent<[MessageServerContext]>(alice as NodeUA, 'message', 30_000);

    const port = await freePortBlock(SIPP_PORTS);
    const result = await runSippContainer(
      ['-sf', inContainer(join(KAMAILIO_SCENARIOS, 'uac_message.xml')), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'alice', ...sippLocal(port), '-m', '1'],
      workDir(),
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    const [message] = await received;
    // SIPp ends the scenario's body line with CRLF and counts it in Content-Length ([len]).
    expect(message.body).toBe('hello alice from sipp #1\r\n');
    expect(message.remoteIdentity.uri.toString()).toBe(`sip:sipp@127.0.0.1:${port}`);
  }, 60_000);
});
