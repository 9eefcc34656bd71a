// Where the calls-per-second UAS allocates: `npx tsx bench/load/cps-alloc.ts [calls=2000] [rate=200] [top=30]`.
// Runs the benchmark's UA (bench/load/listening-uas.ts) in this process, calls it with SIPp's
// `uac`, and samples every allocation meanwhile, kept or collected (V8's sampling heap profiler with
// both `includeObjectsCollectedBy…` flags). Prints the bytes allocated per call and the functions that
// allocate them: the garbage collector's work comes from these.
import { Session } from 'node:inspector/promises';
import { freePortBlock } from '../../test/support/free-ports.js';
import { sippCalls, startListeningUas } from './listening-uas.js';

interface SampleNode {
  selfSize: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: SampleNode[];
}
interface SamplingProfile {
  head: SampleNode;
}

const [calls = 2000, rate = 200, top = 30] = process.argv.slice(2).map(Number);
const port = await freePortBlock(1);
const uas = await startListeningUas(port);

// A warm-up, so that what is sampled is the steady state, not compilation and first-use caches.
await sippCalls(port, Math.min(calls, 500), rate);
const inspector = new Session();
inspector.connect();
await inspector.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const before = uas.ended;
const code = await sippCalls(port, calls, rate);
const { profile } = (await inspector.post('HeapProfiler.stopSampling')) as { profile: SamplingProfile };
inspector.disconnect();
const done = uas.ended - before;

const bySite = new Map<string, number>();
let total = 0;
const walk = (node: SampleNode): void => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(src|generated|node_modules)\//, '$1/');
  // tsx keeps function names with `__name`, which the shipped build does not: left out of the count.
  if (functionName === '__name') return node.children.forEach(walk);
  const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  total += node.selfSize;
  node.children.forEach(walk);
};
walk(profile.head);
console.log(`SIPp exit ${code}; ${done} calls ended; ${(total / done / 1024).toFixed(1)} KB allocated per call`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(bytes / done).toFixed(0).padStart(7)} B  ${site}`);
}
uas.ua.stop();
setTimeout(() => process.exit(0), 100);
