/** Heap and RSS of this process after a full GC (the process must run with --expose-gc). */
export interface MemorySample {
  heapUsed: number;
  rss: number;
}

export function memorySample(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}
