import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The checkout's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Run `examples/<name>` as a user would (`node --import tsx`, from the root) against the SIP server
 * at `server` (its SIP_SERVER), killing it (by pid) if it outlives `timeoutMs`: its exit code and
 * everything it printed. `env` adds to its environment (the example's other settings).
 */
export async function runExample(name: string, server: string, timeoutMs = 20_000, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, SIP_SERVER: server },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  return { code, output };
}
