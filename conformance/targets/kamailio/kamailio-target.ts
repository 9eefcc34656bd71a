import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortBlock } from '../../runner/free-ports.js';
import { waitForWebSocket } from '../../runner/websocket-probe.js';
import { loadTargetFile, TARGETS_DIR } from '../load-target-file.js';
import type { RunningTarget, SippMode } from '../target.js';

const CONFIG = join(TARGETS_DIR, 'kamailio', 'kamailio.cfg');
const READY_TIMEOUT_MS = 15_000;

/**
 * kamailio.cfg with this run's ports and runtime folder: the file keeps the well-known 5060/8080
 * for `npm run kamailio`, and a run must meet neither that server nor another run on this machine.
 */
function configFor(values: Record<string, string>): string {
  return readFileSync(CONFIG, 'utf8').replace(/^#!substdef "!(\w+)!([^!]*)!g"$/gm, (line, name: string) =>
    values[name] === undefined ? line : `#!substdef "!${name}!${values[name]}!g"`,
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Start Kamailio with the target's config on two free loopback ports (UDP/TCP SIP, WebSocket), with
 * one UDP worker so that what SIPp sends in an order reaches the UA in that order (a 200 sent before
 * its 180 must arrive so), and wait until a WebSocket upgrade succeeds. stop() ends it by pid.
 */
export async function startKamailioTarget(sipp: SippMode, composeFile?: string): Promise<RunningTarget> {
  const file = loadTargetFile('kamailio');
  const base = await freePortBlock(2);
  const ports = { sip: base, ws: base + 1 };
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-conformance-kamailio-'));
  const config = join(dir, 'kamailio.cfg');
  writeFileSync(config, configFor({ HARNESS_SIP_PORT: String(ports.sip), HARNESS_WS_PORT: String(ports.ws), HARNESS_RUNDIR: dir, HARNESS_DOMAIN: file.domain, HARNESS_REALM: file.domain }));
  const args = ['-f', config, '-DD', '-E', '-m', '128', '-M', '16', '-P', join(dir, 'kamailio.pid'), '-A', 'SINGLE_WORKER'];
  let output = '';
  const child = spawn('kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const alive = (): boolean => spawnError === undefined && child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (alive()) child.kill('SIGTERM');
    if (spawnError === undefined) {
      await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (alive()) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const wsUrl = `ws://127.0.0.1:${ports.ws}`;
  if (!(await waitForWebSocket(wsUrl, READY_TIMEOUT_MS, alive))) {
    await stop();
    if (spawnError !== undefined) throw new Error(`cannot start kamailio (install it: bash scripts/setup.sh): ${spawnError.message}`);
    throw new Error(`kamailio did not answer a WebSocket upgrade on ${wsUrl} within ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-3000)}`);
  }
  const version = /version: kamailio ([\d.]+)/.exec(output)?.[1];
  return {
    params: {
      name: 'kamailio',
      wsUrl,
      sip: { host: '127.0.0.1', port: ports.sip },
      domain: file.domain,
      users: file.users,
      extensions: file.extensions,
      capabilities: file.capabilities,
      sipp,
      ...(composeFile === undefined ? {} : { composeFile }),
    },
    description: `Kamailio${version === undefined ? '' : ` ${version}`} (pid ${child.pid}) on ${wsUrl} and udp:127.0.0.1:${ports.sip}`,
    log: () => output,
    stop,
  };
}
