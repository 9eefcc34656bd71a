import { fork, type ChildProcess } from 'node:child_process';

/** A child process of the load benchmark (a bundle from bundle.ts, run with --expose-gc), stopped by pid. */
export interface Child {
  process: ChildProcess;
  /** The next IPC message for which `accept` is true; rejects on exit or after `timeoutMs`. */
  next<T>(accept: (message: T) => boolean, timeoutMs: number): Promise<T>;
  /** SIGKILL by pid and wait for the exit. */
  kill(): Promise<void>;
}

export function forkChild(file: string, args: string[], nodeOptions: string[] = []): Child {
  const child = fork(file, args, { execArgv: ['--expose-gc', ...nodeOptions], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    process: child,
    next<T>(accept: (message: T) => boolean, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (message: T): void => {
          if (!accept(message)) return;
          cleanup();
          resolve(message);
        };
        const onExit = (code: number | null, signal: string | null): void => {
          cleanup();
          reject(new Error(`${file} exited (${code ?? signal})`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${file}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
