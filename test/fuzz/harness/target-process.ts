import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FuzzerCommand, Health, TargetConfig, TargetMessage } from '../target/ipc.js';

const CHILD = fileURLToPath(new URL('../target/child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// What is kept of the target's stderr: enough for the stack of a crash after any warnings.
const STDERR_KEEP = 256 * 1024;

/**
 * The target's file-descriptor limit. Debian's default soft limit, far below this machine's:
 * descriptor exhaustion by idle connections (issue 7) shows at 1,024, as on a default install.
 */
const TARGET_FD_LIMIT = 1024;
/** The target's V8 heap limit, MB: a leak ends in a heap-exhaustion crash well before the machine suffers. */
const TARGET_HEAP_LIMIT_MB = 512;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The target process (target/child.ts), run with tsx under the limits above. */
export class TargetProcess {
  readonly pid: number;
  private stderrText = '';
  private exitInfo: Exit | undefined;
  private readonly exitWaiters: Array<(exit: Exit) => void> = [];
  private readonly healthWaiters: Array<(health: Health) => void> = [];
  private readonly messageListeners: Array<(message: TargetMessage) => void> = [];
  /** Every periodic health report, in order. */
  readonly healthLog: Health[] = [];
  private syncs = 0;
  private readonly syncWaiters = new Map<number, (ok: boolean) => void>();

  private constructor(private readonly child: ChildProcess) {
    this.pid = child.pid!;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      this.stderrText = (this.stderrText + text).slice(-STDERR_KEEP);
    });
    child.stdout!.resume();
    child.on('message', (message: TargetMessage) => {
      if (message.type === 'health') {
        if (message.afterGc) for (const waiter of this.healthWaiters.splice(0)) waiter(message);
        else this.healthLog.push(message);
      }
      if (message.type === 'synced') this.settleSync(message.id, true);
      for (const listener of this.messageListeners) listener(message);
    });
    child.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const id of [...this.syncWaiters.keys()]) this.settleSync(id, false);
      for (const waiter of this.exitWaiters.splice(0)) waiter(this.exitInfo);
    });
  }

  /** Start the target and wait for its `ready` (its listeners' ports). */
  static async start(config: TargetConfig, timeoutMs = 20_000): Promise<{ target: TargetProcess; coreUdpPort: number; coreTcpPort: number; listenUdpPort: number }> {
    // exec keeps the pid and the IPC descriptor; the shell only lowers the descriptor limit first.
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        `ulimit -n ${TARGET_FD_LIMIT} && exec "$@"`,
        'sh',
        process.execPath,
        '--import',
        'tsx',
        '--expose-gc',
        '--stack-trace-limit=50',
        `--max-old-space-size=${TARGET_HEAP_LIMIT_MB}`,
        CHILD,
        JSON.stringify(config),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    const target = new TargetProcess(child);
    const ready = await new Promise<TargetMessage & { type: 'ready' }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`target not ready within ${timeoutMs} ms\n${target.stderr}`)), timeoutMs);
      target.onMessage((message) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message);
      });
      void target.exited().then((exit) => {
        clearTimeout(timer);
        reject(new Error(`target exited before ready (${describeExit(exit)})\n${target.stderr}`));
      });
    });
    return { target, coreUdpPort: ready.coreUdpPort, coreTcpPort: ready.coreTcpPort, listenUdpPort: ready.listenUdpPort };
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  get exit(): Exit | undefined {
    return this.exitInfo;
  }

  /** The tail of the target's stderr. */
  get stderr(): string {
    return this.stderrText;
  }

  onMessage(listener: (message: TargetMessage) => void): void {
    this.messageListeners.push(listener);
  }

  command(command: FuzzerCommand): void {
    if (this.alive && this.child.connected) this.child.send(command);
  }

  exited(): Promise<Exit> {
    if (this.exitInfo !== undefined) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /**
   * Resolves once the target has handled what it received so far (see the `sync` command),
   * false when it exited first or did not answer within `timeoutMs`. A crash a message
   * causes is thereby seen before the next message goes out, and pinned on the right one.
   */
  sync(timeoutMs = 5000): Promise<boolean> {
    if (!this.alive) return Promise.resolve(false);
    const id = ++this.syncs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settleSync(id, false), timeoutMs);
      this.syncWaiters.set(id, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
      this.command({ type: 'sync', id });
    });
  }

  private settleSync(id: number, ok: boolean): void {
    const waiter = this.syncWaiters.get(id);
    this.syncWaiters.delete(id);
    waiter?.(ok);
  }

  /** Health measured right after a full garbage collection; undefined when the target is gone or silent. */
  async healthAfterGc(timeoutMs = 5000): Promise<Health | undefined> {
    if (!this.alive) return undefined;
    const report = new Promise<Health | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.healthWaiters.push((health) => {
        clearTimeout(timer);
        resolve(health);
      });
    });
    this.command({ type: 'gc' });
    return report;
  }

  /** Stop the target (SIGTERM by pid, SIGKILL after a grace period). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited();
    clearTimeout(timer);
  }
}

export function describeExit(exit: Exit): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
