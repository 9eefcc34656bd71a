import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { udpPeer } from './wire-peer.js';
import { terminate } from './child-exit.js';

const TARGET = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/targets/kamailio');
const CONFIG = join(TARGET, 'dispatcher.cfg');
const LIST = join(TARGET, 'dispatcher.list');

export interface DispatcherOptions {
  /** The UDP/TCP port Kamailio listens on (127.0.0.1). */
  port: number;
  /** The UDP ports of the two UAS processes (DS_UAS_PORT_1, DS_UAS_PORT_2 of dispatcher.list). */
  destinations: [number, number];
  /** Seconds between OPTIONS probes (ds_ping_interval); default 1. */
  pingInterval?: number;
  /** Ms without any answer before a destination is given up (tm fr_timer); default 1000. */
  frTimer?: number;
}

/** A log line of Kamailio and when it was read (Date.now()). */
export interface TimedLine {
  at: number;
  line: string;
}

export interface RunningDispatcher {
  pid: number;
  lines: TimedLine[];
  /** `kamcmd dispatcher.list` through the ctl socket. */
  dispatcherList(): Promise<string>;
  stop(): Promise<void>;
}

function substituted(text: string, values: Record<string, string>): string {
  return text.replace(/^#!substdef "!(\w+)!([^!]*)!g"$/gm, (line, name: string) => (values[name] === undefined ? line : `#!substdef "!${name}!${values[name]}!g"`));
}

/**
 * Kamailio with conformance/targets/kamailio/dispatcher.cfg on 127.0.0.1:`port`, its dispatcher.list
 * filled with the two destinations, in a runtime folder of its own; resolves once it answers an
 * OPTIONS. Every log line is kept with the time it was read. stop() ends it by pid.
 */
export async function startDispatcher(options: DispatcherOptions): Promise<RunningDispatcher> {
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-dispatcher-'));
  const list = join(dir, 'dispatcher.list');
  writeFileSync(
    list,
    readFileSync(LIST, 'utf8')
      .replaceAll('HARNESS_IP', '127.0.0.1')
      .replaceAll('DS_UAS_PORT_1', String(options.destinations[0]))
      .replaceAll('DS_UAS_PORT_2', String(options.destinations[1])),
  );
  const config = join(dir, 'dispatcher.cfg');
  writeFileSync(
    config,
    substituted(readFileSync(CONFIG, 'utf8'), {
      HARNESS_SIP_PORT: String(options.port),
      HARNESS_RUNDIR: dir,
      DS_LIST_FILE: list,
      DS_PING_INTERVAL: String(options.pingInterval ?? 1),
      DS_FR_TIMER: String(options.frTimer ?? 1000),
    }),
  );
  const lines: TimedLine[] = [];
  let pending = '';
  const child = spawn('kamailio', ['-f', config, '-DD', '-E', '-m', '64', '-M', '8', '-P', join(dir, 'kamailio.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const read = (data: Buffer): void => {
    pending += data.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    const at = Date.now();
    for (const line of parts) lines.push({ at, line });
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const stop = async (): Promise<void> => {
    await terminate(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const ctl = `unix:${join(dir, 'kamailio_ctl')}`;
  const dispatcherList = async (): Promise<string> => (await promisify(execFile)('kamcmd', ['-s', ctl, 'dispatcher.list'])).stdout;
  const probe = await udpPeer();
  try {
    const deadline = Date.now() + 10_000;
    for (let n = 1; Date.now() < deadline; n++) {
      if (spawnError !== undefined) throw new Error(`cannot start kamailio (run scripts/setup.sh): ${spawnError.message}`);
      if (child.exitCode !== null) throw new Error(`kamailio exited with ${child.exitCode}:\n${lines.map((l) => l.line).join('\n').slice(-2000)}`);
      await probe.send(optionsTo(options.port, probe.port, n), options.port);
      await new Promise((r) => setTimeout(r, 100));
      if (probe.received.some((text) => text.startsWith('SIP/2.0 200'))) return { pid: child.pid!, lines, dispatcherList, stop };
    }
    throw new Error(`kamailio did not answer OPTIONS within 10 s:\n${lines.map((l) => l.line).join('\n').slice(-2000)}`);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await probe.close();
  }
}

function optionsTo(port: number, from: number, n: number): string {
  return [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${from};branch=z9hG4bKready${n}`,
    'Max-Forwards: 70',
    `From: <sip:probe@127.0.0.1>;tag=ready${n}`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ready${n}@127.0.0.1`,
    `CSeq: ${n} OPTIONS`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
