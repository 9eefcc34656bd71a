import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { composeCommand } from '../../runner/sipp-process.js';
import { waitForWebSocket } from '../../runner/websocket-probe.js';
import { loadTargetFile, TARGETS_DIR } from '../load-target-file.js';
import type { RunningTarget } from '../target.js';

/** docker/compose.yaml of this checkout: services `asterisk` and `sipp`, both on the host network. */
export const COMPOSE_FILE = join(TARGETS_DIR, '..', '..', 'docker', 'compose.yaml');
const READY_TIMEOUT_MS = 120_000;

function compose(args: string[], timeoutMs = 15 * 60_000): { ok: boolean; output: string } {
  const [file, ...base] = composeCommand();
  const result = spawnSync(file!, [...base, '-f', COMPOSE_FILE, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error === undefined ? '' : result.error.message}` };
}

function imagePresent(image: string): boolean {
  return spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0;
}

/**
 * Bring the compose stack up as docker/README.md's contract says: the images built when missing,
 * Asterisk started, ready once its WebSocket transport answers an upgrade (101) on 8088. stop() keeps
 * the containers' logs and takes the stack down.
 */
export async function startAsteriskTarget(): Promise<RunningTarget> {
  const file = loadTargetFile('asterisk');
  // docker/README.md, "Contract for the conformance runner": build what is missing, then `up -d asterisk`.
  const missing = [['asterisk', 'sipforge/asterisk:22'], ['sipp', 'sipforge/sipp:latest']].filter(([, image]) => !imagePresent(image!)).map(([service]) => service!);
  if (missing.length > 0) {
    const built = compose(['build', ...missing]);
    if (!built.ok) throw new Error(`cannot build ${missing.join(' and ')} (docker/; --target kamailio needs no Docker):\n${built.output.slice(-3000)}`);
  }
  const up = compose(['up', '-d', 'asterisk']);
  if (!up.ok) {
    compose(['down'], 60_000);
    throw new Error(`cannot bring up Asterisk (docker/compose.yaml; --target kamailio needs no Docker):\n${up.output.slice(-3000)}`);
  }
  let logs = '';
  const keepLogs = (): string => {
    const current = compose(['logs', '--no-color', 'asterisk'], 60_000).output;
    if (current.trim() !== '') logs = current;
    return logs;
  };
  const stop = async (): Promise<void> => {
    keepLogs();
    compose(['down'], 120_000);
  };
  const wsUrl = file.wsUrl!;
  if (!(await waitForWebSocket(wsUrl, READY_TIMEOUT_MS))) {
    const log = keepLogs();
    await stop();
    throw new Error(`Asterisk did not answer a WebSocket upgrade on ${wsUrl} within ${READY_TIMEOUT_MS / 1000} s:\n${log.slice(-3000)}`);
  }
  return {
    params: {
      name: 'asterisk',
      wsUrl,
      sip: file.sip!,
      domain: file.domain,
      users: file.users,
      extensions: file.extensions,
      capabilities: file.capabilities,
      sipp: 'docker',
      composeFile: COMPOSE_FILE,
    },
    description: `Asterisk in Docker (docker/compose.yaml) on ${wsUrl} and udp:${file.sip!.host}:${file.sip!.port}, SIPp in its container`,
    log: () => logs || keepLogs(),
    stop,
  };
}
