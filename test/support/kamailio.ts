import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const CONFIG = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/kamailio/kamailio.cfg');

export const KAMAILIO_WS_URL = 'ws://127.0.0.1:8080';

/** A Kamailio started for a test file: stop() ends it by pid and waits for it to exit. */
export interface RunningKamailio {
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

function wsHandshake(timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(KAMAILIO_WS_URL, 'sip');
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(false);
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Start Kamailio with the harness config (WS on 8080, UDP/TCP on 5060, registrar with digest
 * auth, see conformance/kamailio/kamailio.cfg) and wait until a WebSocket handshake works.
 */
export async function startKamailio(defines: string[] = []): Promise<RunningKamailio> {
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-kamailio-'));
  let output = '';
  const args = ['-f', CONFIG, '-DD', '-E', '-m', '128', '-M', '16', '-P', join(dir, 'kamailio.pid')];
  for (const define of defines) args.push('-A', define);
  let child: ChildProcess;
  try {
    child = spawn('kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`cannot start kamailio (run scripts/setup.sh): ${String(error)}`);
  }
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 50))]);
    if (failed) throw new Error(`cannot start kamailio (run scripts/setup.sh): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`kamailio exited with ${child.exitCode}:\n${output.slice(-2000)}`);
    if (await wsHandshake(500)) {
      const pid = child.pid!;
      return { pid, log: () => output, stop };
    }
  }
  await stop();
  throw new Error(`kamailio did not accept a WebSocket handshake within 10 s:\n${output.slice(-2000)}`);
}
