import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './examples.js';

/** examples/uas-process.ts running as a child process, and what it reported so far. */
export interface UasProcess {
  pid: number;
  /** Call-IDs of the calls it answered / saw end. */
  answered: Set<string>;
  ended: Set<string>;
  output(): string;
  /** Calls answered and not yet ended: what dies with the process. */
  inFlight(): number;
  /** SIGKILL by pid; resolves once it exited and all it printed has been read. */
  kill(): Promise<void>;
}

/** Resolves once the process has exited and its output has been read to the end ('close'). */
function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if ((child.exitCode !== null || child.signalCode !== null) && child.stdout?.readableEnded !== false) resolve();
    else child.once('close', () => resolve());
  });
}

/** Start `examples/uas-process.ts --listen <listen>` (node --import tsx, from the root); resolves once it listens. */
export async function startUasProcess(listen: string, timeoutMs = 15_000): Promise<UasProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/uas-process.ts', '--listen', listen], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const answered = new Set<string>();
  const ended = new Set<string>();
  let output = '';
  let pending = '';
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  child.stdout!.on('data', (data: Buffer) => {
    output += data.toString();
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const call = /^call (\S+) (answered|ended)$/.exec(line);
      if (call !== null) (call[2] === 'answered' ? answered : ended).add(call[1]!);
      else if (line.startsWith('listening ')) listening();
    }
  });
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  };
  const failed = exited(child).then(() => {
    throw new Error(`uas-process exited before listening:\n${output.slice(-2000)}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`uas-process not listening after ${timeoutMs} ms:\n${output}`)), timeoutMs)));
  try {
    await Promise.race([ready, failed, late]);
  } catch (error) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  failed.catch(() => undefined);
  return {
    pid: child.pid!,
    answered,
    ended,
    output: () => output,
    inFlight: () => [...answered].filter((id) => !ended.has(id)).length,
    kill,
  };
}
