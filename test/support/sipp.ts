import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How a SIPp run ended: its exit code (0 = every call succeeded) and what it printed. */
export interface SippResult {
  code: number | null;
  output: string;
  /** Contents of the -trace_err / -trace_msg logs SIPp wrote, for failure messages. */
  logs: string;
}

/**
 * Run SIPp once on 127.0.0.1 and wait for it to exit; it is killed (by pid) if it outlives
 * `timeoutMs`. SIPp's own -timeout is set a little shorter so it normally ends by itself.
 */
export function runSipp(args: string[], timeoutMs = 30_000): Promise<SippResult> {
  return startSipp(args, timeoutMs).done;
}

/** A SIPp run in progress: `done` settles when it exits; `kill()` ends it early (by pid). */
export interface SippProcess {
  pid: number | undefined;
  done: Promise<SippResult>;
  kill(): Promise<void>;
}

/** Start SIPp as runSipp does, returning at once so the test can act while it runs. */
export function startSipp(args: string[], timeoutMs = 30_000): SippProcess {
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-sipp-'));
  const fullArgs = [...args, '-nostdin', '-timeout', `${Math.floor(timeoutMs / 1000) - 2}s`, '-timeout_error', '-trace_err'];
  const child = spawn('sipp', fullArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<SippResult>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`cannot run sipp (run scripts/setup.sh): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(killer);
      let logs = '';
      for (const file of readdirSync(dir)) logs += `--- ${file}\n${readFileSync(join(dir, file), 'utf8').slice(-4000)}\n`;
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: output.slice(-4000), logs });
    });
  });
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await done.catch(() => undefined);
  };
  return { pid: child.pid, done, kill };
}

/** How many consecutive ports `sippLocal(port)` occupies: port to port+6 (see below). */
export const SIPP_PORTS = 7;

/** Common SIPp arguments: loopback only; SIPp binds port, media port and media+2, and the control port (port+6) on 127.0.0.1 rather than 0.0.0.0. */
export function sippLocal(port: number): string[] {
  return ['-i', '127.0.0.1', '-p', String(port), '-mp', String(port + 2), '-cp', String(port + 6), '-ci', '127.0.0.1', '-bind_local'];
}

/** Wait until something listens on 127.0.0.1:`port` (Linux /proc), so a test does not race SIPp's start. */
export async function waitForListener(protocol: 'UDP' | 'TCP', port: number, timeoutMs = 5000): Promise<void> {
  const table = protocol === 'UDP' ? '/proc/net/udp' : '/proc/net/tcp';
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = readFileSync(table, 'utf8').split('\n');
    // TCP state 0A is LISTEN; any bound UDP socket counts.
    if (lines.some((line) => line.includes(local) && (protocol === 'UDP' || line.split(/\s+/)[4] === '0A'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${protocol} 127.0.0.1:${port} after ${timeoutMs} ms`);
}
