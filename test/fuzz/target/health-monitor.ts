import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Health } from './ipc.js';

export interface Counts {
  coreTransactions: number;
  coreDialogs: number;
  coreTcpConnections: number;
}

/** Memory, CPU and event-loop delay of this process, as the fuzzer checks them. */
export class HealthMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly counts: () => Counts) {
    this.delay.enable();
  }

  /** A report; the event-loop maximum covers the time since the previous one. */
  report(afterGc: boolean): Health {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const eventLoopMaxMs = this.delay.max / 1e6;
    this.delay.reset();
    return {
      type: 'health',
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external,
      eventLoopMaxMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...this.counts(),
      afterGc,
    };
  }
}
