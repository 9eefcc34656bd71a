// Benchmark 1: N UAs of one library in one Node process register over WebSocket to Kamailio
// (digest auth), then SIPp sends each one MESSAGE through Kamailio over UDP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePortBlock } from '../../test/support/free-ports.js';
import { startKamailio } from '../../test/support/kamailio.js';
import { runSipp, SIPP_PORTS, sippLocal } from '../../test/support/sipp.js';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import type { WorkerDelivered, WorkerRegistered } from './ua-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ManyUasResult {
  peer: string;
  n: number;
  registered: number;
  failed: number;
  firstError?: string;
  registerMs: number;
  registrationsPerSecond: number;
  cpuMs: number;
  heapPerUa: number;
  rssPerUa: number;
  messagesSent: number;
  delivered: number;
}

export interface ManyUasOptions {
  /** Outstanding REGISTERs (UAs connecting and registering) at most, the same for every library. */
  window: number;
  /** SIPp's MESSAGE rate, per second. */
  messageRate: number;
}

/** Kamailio children: its WebSocket side has tcp_children=4; the LOAD_TEST define lifts its connection limit. */
export async function manyUas(peer: string, n: number, options: ManyUasOptions): Promise<ManyUasResult> {
  const kamailio = await startKamailio({ defines: ['LOAD_TEST'], sharedMemoryMb: 1024 });
  const worker = forkChild(await bundleChild(join(HERE, 'ua-worker.ts')), [peer, kamailio.wsUrl, '0', String(n), String(options.window)]);
  const dir = mkdtempSync(join(tmpdir(), 'sipforge-load-'));
  try {
    const reg = await worker.next<WorkerRegistered | WorkerDelivered>((m) => m.kind === 'registered', 60_000 + n * 20) as WorkerRegistered;
    let delivered = 0;
    const watchDelivered = (m: WorkerRegistered | WorkerDelivered): void => {
      if (m.kind === 'delivered') delivered = m.delivered;
    };
    worker.process.on('message', watchDelivered);
    const users = join(dir, 'users.csv');
    writeFileSync(users, `SEQUENTIAL\n${Array.from({ length: n }, (_, i) => `u${i};`).join('\n')}\n`);
    const port = await freePortBlock(SIPP_PORTS);
    const timeoutMs = 30_000 + (n / options.messageRate) * 1000;
    const sipp = await runSipp(
      [`127.0.0.1:${kamailio.ports.sip}`, ...sippLocal(port), '-sf', join(HERE, 'sipp', 'message.xml'), '-inf', users, '-m', String(n), '-r', String(options.messageRate), '-l', '200', '-trace_stat', '-fd', '1'],
      timeoutMs,
    );
    const sent = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(sipp.output)?.[1] ?? NaN);
    const deadline = Date.now() + 5000;
    while (delivered < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const heap = reg.after.heapUsed - reg.before.heapUsed;
    const rss = reg.after.rss - reg.before.rss;
    return {
      peer,
      n,
      registered: reg.registered,
      failed: reg.failed,
      ...(reg.firstError === undefined ? {} : { firstError: reg.firstError }),
      registerMs: reg.ms,
      registrationsPerSecond: (reg.registered / reg.ms) * 1000,
      cpuMs: reg.cpuMs,
      heapPerUa: heap / Math.max(1, reg.registered),
      rssPerUa: rss / Math.max(1, reg.registered),
      messagesSent: Number.isNaN(sent) ? 0 : sent,
      delivered,
    };
  } finally {
    await worker.kill();
    await kamailio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
