import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePortBlock } from './free-ports.js';
import type { CapturedMessage } from './outcome.js';
import { readSippTrace } from './sipp-trace.js';
import type { TargetParams } from '../targets/target.js';

/** The folder mounted into the SIPp container, so that every scenario's XML is reachable there. */
const CONFORMANCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Ports one SIPp holds: SIP (`-p`), media and media+2 (`-mp`), control (`-cp`) = base … base+6. */
export const SIPP_PORTS = 7;

/** What a SIPp run came to. */
export interface SippOutcome {
  /** SIPp's exit code: 0 when every call of the scenario succeeded. */
  code: number | null;
  /** The tail of what it printed, and its -trace_err log. */
  output: string;
  messages: CapturedMessage[];
}

/** A SIPp started for a scenario. */
export interface SippRun {
  name: string;
  /** Its SIP port on 127.0.0.1. */
  port: number;
  done: Promise<SippOutcome>;
  kill(): Promise<void>;
}

export interface SippSpec {
  /** Its column in the ladder, e.g. `sipp carol`. */
  name: string;
  /** The scenario file. */
  scenario: string;
  /** Further SIPp arguments (-s, -au, -ap, -m, -d, -key …); the remote host is added when `remote` is set. */
  args: string[];
  /** Send to the server (`host:port` is appended); false for a SIPp that only waits for requests. */
  remote: boolean;
  /** The port to bind, when it must be a known one (a registered contact); else a free one. */
  port?: number;
  /** Whole-run bound, ms; SIPp's own -timeout is set a little shorter. */
  timeoutMs: number;
}

/** Loopback only: SIPp binds its SIP, media and control ports on 127.0.0.1 (the control port would otherwise be 0.0.0.0:8888). */
function localArgs(port: number): string[] {
  return ['-i', '127.0.0.1', '-p', String(port), '-mp', String(port + 2), '-cp', String(port + 6), '-ci', '127.0.0.1', '-bind_local'];
}

/**
 * The SIPp command: the native binary, or `docker compose run --rm sipp` (Compose v1's
 * `docker-compose` when v2 is absent) as docker/README.md's contract has it: a unique container
 * name (so that a run can be killed), the conformance folder and the trace folder mounted.
 */
export function sippCommand(target: TargetParams, traceDir: string, containerName: string, sippArgs: string[], compose?: string[]): { file: string; args: string[]; cwd: string } {
  if (target.sipp === 'native') return { file: 'sipp', args: sippArgs, cwd: traceDir };
  const client = compose ?? composeCommand();
  const file = target.composeFile!;
  // Paths inside the container: the conformance folder at /conformance, the trace folder at /trace (the working directory).
  const inContainer = sippArgs.map((arg) => (arg.startsWith(CONFORMANCE_DIR) ? `/conformance/${relative(CONFORMANCE_DIR, arg)}` : arg));
  const run = ['-f', file, 'run', '--rm', '--name', containerName, '-v', `${CONFORMANCE_DIR}:/conformance:ro`, '-v', `${traceDir}:/trace`, '-w', '/trace', 'sipp', ...inContainer];
  return { file: client[0]!, args: [...client.slice(1), ...run], cwd: traceDir };
}

let composeCache: string[] | undefined;

/** `docker compose` where the Compose v2 plugin exists, else `docker-compose` (Debian's Compose v1). */
export function composeCommand(): string[] {
  if (composeCache === undefined) {
    const v2 = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    composeCache = v2.status === 0 ? ['docker', 'compose'] : ['docker-compose'];
  }
  return composeCache;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

let runs = 0;

/** Start one SIPp for a scenario, with -trace_msg so that its side of the ladder is known. */
export async function startSipp(target: TargetParams, spec: SippSpec): Promise<SippRun> {
  const port = spec.port ?? (await freePortBlock(SIPP_PORTS));
  const traceDir = mkdtempSync(join(tmpdir(), 'sipforge-conformance-sipp-'));
  const timeoutS = Math.max(2, Math.floor(spec.timeoutMs / 1000) - 1);
  const sippArgs = [
    '-sf', spec.scenario,
    ...(spec.remote ? [`${target.sip.host}:${target.sip.port}`] : []),
    ...spec.args,
    ...localArgs(port),
    '-key', 'domain', target.domain,
    '-nostdin', '-timeout', `${timeoutS}s`, '-timeout_error', '-trace_msg', '-trace_err',
  ];
  const containerName = `sipforge-sipp-${process.pid}-${++runs}`;
  const { file, args, cwd } = sippCommand(target, traceDir, containerName, sippArgs);
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const killer = setTimeout(() => void kill(), spec.timeoutMs + 2000);
  const done = new Promise<SippOutcome>((resolve) => {
    child.once('error', (error) => {
      clearTimeout(killer);
      rmSync(traceDir, { recursive: true, force: true });
      resolve({ code: null, output: `cannot run ${file}: ${error.message} (install SIPp: bash scripts/setup.sh)`, messages: [] });
    });
    child.once('exit', (code) => {
      clearTimeout(killer);
      let messages: CapturedMessage[] = [];
      let errors = '';
      for (const entry of readdirSync(traceDir)) {
        const data = readFileSync(join(traceDir, entry));
        if (entry.endsWith('_messages.log')) messages = messages.concat(readSippTrace(data, spec.name));
        else if (entry.endsWith('_errors.log')) errors += data.toString('utf8').slice(-3000);
      }
      rmSync(traceDir, { recursive: true, force: true });
      resolve({ code, output: `${output.slice(-3000)}${errors === '' ? '' : `\n--- ${basename(spec.scenario)} errors\n${errors}`}`, messages });
    });
  });
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (target.sipp === 'docker') spawnSync('docker', ['kill', containerName], { stdio: 'ignore' });
    child.kill('SIGKILL');
    await exited(child);
  };
  return { name: spec.name, port, done, kill };
}
