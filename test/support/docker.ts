import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and docker/compose.yaml in it. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const COMPOSE_FILE = join(REPO_ROOT, 'docker/compose.yaml');
/** Where docker/compose.yaml mounts the repository (read-only) in the sipp container. */
const REPO_IN_CONTAINER = '/sipforge';
/** Where it mounts SIPP_WORK_DIR, the container's working directory. */
export const WORK_IN_CONTAINER = '/work';

const SETUP_HINT = 'run `bash scripts/docker-setup.sh` first (README, "Docker harness")';

function succeeds(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim() };
}

/**
 * The Compose command line: `docker compose` where the plugin exists, else Debian's Compose v1
 * `docker-compose`. Throws, saying what to do, when there is neither.
 */
export function composeCommand(): string[] {
  if (!found) {
    if (succeeds('docker', ['compose', 'version']).ok) found = ['docker', 'compose'];
    else if (succeeds('docker-compose', ['version']).ok) found = ['docker-compose'];
    else throw new Error(`neither \`docker compose\` nor \`docker-compose\` is installed: ${SETUP_HINT}`);
  }
  return found;
}

let found: string[] | undefined;

/** Throws, saying what to do, unless a Docker engine answers `docker info`. */
export function requireDockerEngine(): void {
  const info = succeeds('docker', ['info', '--format', '{{.ServerVersion}}']);
  if (!info.ok) throw new Error(`no Docker engine answers \`docker info\` (${info.output.split('\n').pop()}): ${SETUP_HINT}`);
}

/** Run one Compose command on docker/compose.yaml to completion; rejects on a non-zero exit. */
export function compose(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> {
  const [command, ...base] = composeCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(command!, [...base, '-f', COMPOSE_FILE, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${[...base, ...args].join(' ')} ended with ${code ?? signal}:\n${output.slice(-3000)}`));
    });
  });
}

/** A repository file as the sipp container sees it. */
export function inContainer(repoPath: string): string {
  const inside = relative(REPO_ROOT, repoPath);
  if (inside.startsWith('..')) throw new Error(`${repoPath} is outside the repository the sipp container mounts`);
  return [REPO_IN_CONTAINER, ...inside.split(sep)].join('/');
}

/** How a containerised SIPp run ended (the fields of test/support/sipp.ts's SippResult). */
export interface ContainerSippResult {
  code: number | null;
  output: string;
  /** The logs SIPp wrote in the work directory (-trace_err, -trace_msg / -message_file). */
  logs: string;
}

let runs = 0;

/**
 * `docker compose run --rm sipp <args>` with `workDir` as SIPP_WORK_DIR, bounded by `timeoutMs`:
 * SIPp's own -timeout ends it normally; past the bound the container is removed by its name (killing
 * the Compose client alone would leave it running).
 */
export async function runSippContainer(args: string[], workDir: string, timeoutMs = 30_000): Promise<ContainerSippResult> {
  const name = `sipforge-sipp-test-${process.pid}-${++runs}`;
  const [command, ...base] = composeCommand();
  const fullArgs = [...args, '-nostdin', '-timeout', `${Math.floor(timeoutMs / 1000) - 5}s`, '-timeout_error', '-trace_err'];
  const child = spawn(command!, [...base, '-f', COMPOSE_FILE, 'run', '--rm', '--name', name, 'sipp', ...fullArgs], {
    env: { ...process.env, SIPP_WORK_DIR: workDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const killer = setTimeout(() => {
      spawnSync('docker', ['rm', '-f', name], { timeout: 20_000 });
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', (exitCode) => {
      clearTimeout(killer);
      resolve(exitCode);
    });
  });
  let logs = '';
  for (const file of readdirSync(workDir)) logs += `--- ${file}\n${readFileSync(join(workDir, file), 'utf8').slice(-4000)}\n`;
  return { code, output: output.slice(-4000), logs };
}
