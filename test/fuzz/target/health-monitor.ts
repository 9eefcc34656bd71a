import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Health } from './ipc.js';

export interface Counts {
  coreTransactions: number;
  coreTcpTransactions: number;
  coreDialogs: number;
  coreTcpConnections: number;
}

/** Memory, CPU and event-loop delay of this process, as the fuzzer checks them. */
export class HealthMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly counts: () => Counts) {
    this.delay.enable();
  }

  private lastRss = 0;

  /** A report; the event-loop maximum covers the time since the previous one. */
  report(afterGc: boolean): Health {
    const memory = this.memory();
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

  /**
   * `process.memoryUsage()` reads /proc and throws EMFILE when the process is out of file
   * descriptors (which the idle-connection regression brings about on purpose): the monitor
   * must not be what crashes then. The heap figures need no descriptor; RSS repeats its last value.
   */
  private memory(): { rss: number; heapUsed: number; external: number } {
    try {
      const memory = process.memoryUsage();
      this.lastRss = memory.rss;
      return memory;
    } catch {
      const heap = getHeapStatistics();
      return { rss: this.lastRss, heapUsed: heap.used_heap_size, external: heap.external_memory };
    }
  }
}
