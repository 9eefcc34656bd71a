import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webSocketAnswers } from '../../conformance/runner/websocket-probe.js';
import { freePortBlock } from './free-ports.js';
import { terminate } from './child-exit.js';

const CONFIG = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/targets/kamailio/kamailio.cfg');
/** The presence server's config (conformance/targets/kamailio/presence.cfg): `startKamailio({ config: PRESENCE_CONFIG, dbtext: PRESENCE_TABLES })`. */
export const PRESENCE_CONFIG = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/targets/kamailio/presence.cfg');
/** The db_text tables the presence modules use. */
export const PRESENCE_TABLES = ['version', 'presentity', 'active_watchers', 'watchers', 'xcap', 'pua'];
// Debian's empty db_text tables (kamailio package).
const DBTEXT_SCHEMA = '/usr/share/kamailio/dbtext/kamailio';

/** The loopback ports a test's Kamailio listens on: UDP and TCP SIP on `sip`, WebSocket on `ws`. */
export interface KamailioPorts {
  sip: number;
  ws: number;
}

/** A Kamailio started for a test file: stop() ends it by pid and waits for it to exit. */
export interface RunningKamailio {
  pid: number;
  ports: KamailioPorts;
  /** `ws://127.0.0.1:<ws port>`, what a UA's `wsServers` names. */
  wsUrl: string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartKamailioOptions {
  /** Config defines (`-A NAME`), e.g. WITH_SIPDUMP. */
  defines?: string[];
  /** The ports to listen on; two free ones when absent (pass the old ones to restart a server in place). */
  ports?: KamailioPorts;
  /** Another config than the harness one, with the same `#!substdef` names (HARNESS_SIP_PORT, HARNESS_WS_PORT, HARNESS_RUNDIR). */
  config?: string;
  /** db_text tables to copy, empty, from Debian's schema into `<runtime folder>/dbtext`. */
  dbtext?: readonly string[];
  /** Shared memory in MB (`-m`), 128 when absent; thousands of WebSocket clients need more. */
  sharedMemoryMb?: number;
}

/**
 * The harness config with this run's ports and runtime folder: the file in conformance/ keeps
 * the well-known 5060/8080 for `npm run kamailio`, and a test must not depend on whether that
 * server (or another test run) is up.
 */
function configFor(ports: KamailioPorts, rundir: string, path = CONFIG): string {
  const values: Record<string, string> = { HARNESS_SIP_PORT: String(ports.sip), HARNESS_WS_PORT: String(ports.ws), HARNESS_RUNDIR: rundir };
  return readFileSync(path, 'utf8').replace(/^#!substdef "!(\w+)!([^!]*)!g"$/gm, (line, name: string) =>
    values[name] === undefined ? line : `#!substdef "!${name}!${values[name]}!g"`,
  );
}

/**
 * Start Kamailio with the harness config (registrar with digest auth, proxy; see
 * conformance/targets/kamailio/kamailio.cfg) on free loopback ports, and wait until a WebSocket
 * handshake works.
 */
export async function startKamailio(options: StartKamailioOptions = {}): Promise<RunningKamailio> {
  const ports: KamailioPorts = options.ports ?? (await freePortBlock(2).then((base) => ({ sip: base, ws: base + 1 })));
  const wsUrl = `ws://127.0.0.1:${ports.ws}`;
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-kamailio-'));
  const config = join(dir, 'kamailio.cfg');
  writeFileSync(config, configFor(ports, dir, options.config));
  if (options.dbtext !== undefined) {
    mkdirSync(join(dir, 'dbtext'));
    for (const table of options.dbtext) copyFileSync(join(DBTEXT_SCHEMA, table), join(dir, 'dbtext', table));
  }
  let output = '';
  const args = ['-f', config, '-DD', '-E', '-m', String(options.sharedMemoryMb ?? 128), '-M', '16', '-P', join(dir, 'kamailio.pid')];
  for (const define of options.defines ?? []) args.push('-A', define);
  let child: ChildProcess;
  try {
    child = spawn('kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`cannot start kamailio (run scripts/setup.sh): ${String(error)}`);
  }
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  // A script that dies before stop() (its output piped into `head`, an uncaught error) must not leave
  // its Kamailio running: SIGTERM, on which Kamailio's main process ends its workers too.
  const stopOnExit = (): void => void child.kill();
  process.once('exit', stopOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', stopOnExit);
    await terminate(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 50))]);
    if (failed) throw new Error(`cannot start kamailio (run scripts/setup.sh): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`kamailio exited with ${child.exitCode}:\n${output.slice(-2000)}`);
    if (await webSocketAnswers(wsUrl, 500)) {
      const pid = child.pid!;
      return { pid, ports, wsUrl, log: () => output, stop };
    }
  }
  await stop();
  throw new Error(`kamailio did not accept a WebSocket handshake within 10 s:\n${output.slice(-2000)}`);
}
