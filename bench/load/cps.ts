// Benchmark 4: calls per second as UAS over UDP. SIPp's built-in `uac` calls a sipforge UA that
// listens on UDP and answers every INVITE (bench/load/cps-worker.ts); the rate steps up until calls
// fail, and the best rate is then held for the full duration.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RECEIVE_BUFFER } from '../../src/transport/udp-transport.js';
import { freePortBlock } from '../../test/support/free-ports.js';
import { SIPP_PORTS, sippLocal } from '../../test/support/sipp.js';
import { bundleChild } from './bundle.js';
import { forkChild, type Child } from './child.js';
import type { CpsSample } from './cps-worker.js';
import { watchCpu } from './proc-cpu.js';
import { lastStatLine, percentile, responseTimes } from './sipp-stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface CpsStep {
  rate: number;
  seconds: number;
  created: number;
  successful: number;
  failed: number;
  unexpected: number;
  /** SIPp's counters behind `unexpected`: unexpected in a call / out of any call / for a call already over. */
  unexpectedBreakdown: [number, number, number];
  retransmissions: number;
  /** SIPp's own cumulative call rate. */
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  cpuPercent: number;
  rssMb: number;
  /** The UA's event-loop delay over the step (ms): p99 and worst; a stall past T1 (500 ms) makes the UA retransmit 200s whose ACK already waits. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** SIPp's own CPU over its run, % of a core. */
  sippCpuPercent: number;
  sippCode: number | null;
  ok: boolean;
}

export interface CpsUas {
  port: number;
  child: Child;
  stop(): Promise<void>;
}

/** The listening UA in its own process; `nodeOptions` e.g. `--cpu-prof`. */
export async function startCpsUas(nodeOptions: string[] = []): Promise<CpsUas> {
  const port = await freePortBlock(1);
  const child = forkChild(await bundleChild(join(HERE, 'cps-worker.ts')), [String(port)], nodeOptions);
  await child.next<{ kind: string }>((m) => m.kind === 'listening', 15_000);
  return {
    port,
    child,
    stop: async () => {
      // `exit` lets --cpu-prof write its profile; the kill by pid is the backstop.
      if (child.process.connected) child.process.send('exit');
      await Promise.race([new Promise((r) => child.process.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      await child.kill();
    },
  };
}

async function sample(uas: CpsUas): Promise<CpsSample> {
  const next = uas.child.next<CpsSample>((m) => m.kind === 'sample', 10_000);
  uas.child.process.send('sample');
  return next;
}

/** SIPp `uac` at `rate` calls/s for `seconds` against the UA; counts from SIPp's stat and rtt files. */
export async function cpsStep(uas: CpsUas, rate: number, seconds: number): Promise<CpsStep> {
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-cps-'));
  const sippPort = await freePortBlock(SIPP_PORTS);
  const calls = Math.round(rate * seconds);
  const args = [
    '-sn', 'uac', `127.0.0.1:${uas.port}`, '-s', 'service', ...sippLocal(sippPort),
    '-r', String(rate), '-m', String(calls), '-d', '0', '-l', String(Math.max(200, rate * 2)),
    // SIPp's own socket gets the UA's receive buffer (DEFAULT_RECEIVE_BUFFER): with its default 64 KiB a
    // busy moment of SIPp's lost the UA's answers, and their retransmissions counted against the UA.
    '-buff_size', String(DEFAULT_RECEIVE_BUFFER),
    '-trace_stat', '-stf', join(dir, 'stat.csv'), '-fd', '1', '-trace_rtt', '-rtt_freq', '1', '-trace_err',
    '-nostdin', '-timeout', `${seconds + 40}s`, '-timeout_error',
  ];
  await sample(uas);
  let sippCpu: ReturnType<typeof watchCpu> | undefined;
  const code = await new Promise<number | null>((resolve, reject) => {
    const sipp = spawn('sipp', args, { cwd: dir, stdio: 'ignore' });
    if (sipp.pid !== undefined) sippCpu = watchCpu(sipp.pid);
    const killer = setTimeout(() => sipp.kill('SIGKILL'), (seconds + 60) * 1000);
    sipp.once('error', reject);
    sipp.once('exit', (c) => {
      clearTimeout(killer);
      sippCpu?.stop();
      resolve(c);
    });
  });
  const used = await sample(uas);
  try {
    const stat = lastStatLine(join(dir, 'stat.csv'));
    const rttFile = readdirSync(dir).find((f) => f.endsWith('_rtt.csv'));
    const times = rttFile === undefined ? [] : responseTimes(join(dir, rttFile)).sort((a, b) => a - b);
    const n = (key: string): number => Number(stat[key] ?? NaN);
    const unexpected = n('FailedUnexpectedMessage(C)') + n('OutOfCallMsgs(C)') + n('DeadCallMsgs(C)');
    const successful = n('SuccessfulCall(C)');
    const failed = n('FailedCall(C)');
    return {
      rate,
      seconds,
      created: n('TotalCallCreated'),
      successful,
      failed,
      unexpected,
      unexpectedBreakdown: [n('FailedUnexpectedMessage(C)'), n('OutOfCallMsgs(C)'), n('DeadCallMsgs(C)')],
      retransmissions: n('Retransmissions(C)'),
      achievedRate: n('CallRate(C)'),
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      cpuPercent: (used.cpuMs / used.ms) * 100,
      rssMb: used.rss / 2 ** 20,
      loopDelayP99Ms: used.loopDelayP99Ms,
      loopDelayMaxMs: used.loopDelayMaxMs,
      sippCpuPercent: sippCpu?.percent() ?? NaN,
      sippCode: code,
      ok: code === 0 && failed === 0 && unexpected === 0 && successful === calls,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CpsRun {
  steps: CpsStep[];
  held?: CpsStep;
}

/**
 * Step the rate up (`stepSeconds` a step) until a step fails, then hold the best rate for
 * `holdSeconds`; when the hold fails, step down by `rates[0]` and hold again (at most 4 holds).
 */
export async function cpsRun(uas: CpsUas, rates: number[], stepSeconds: number, holdSeconds: number, log: (step: CpsStep, hold: boolean) => void): Promise<CpsRun> {
  const steps: CpsStep[] = [];
  let best: number | undefined;
  for (const rate of rates) {
    const step = await cpsStep(uas, rate, stepSeconds);
    log(step, false);
    steps.push(step);
    if (!step.ok) break;
    best = rate;
  }
  const down = rates[0] ?? 100;
  for (let rate = best, tries = 0; rate !== undefined && rate > 0 && tries < 4; rate -= down, tries++) {
    await new Promise((r) => setTimeout(r, 3000));
    const hold = await cpsStep(uas, rate, holdSeconds);
    log(hold, true);
    if (hold.ok) return { steps, held: hold };
    steps.push(hold);
  }
  return { steps };
}
