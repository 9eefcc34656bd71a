// What an answered call keeps once it has ended, by kind of object: `npx tsx bench/load/ended-call-heap.ts [calls=2000]`.
// The benchmark's UAS (bench/load/listening-uas.ts) runs in this process; SIPp's `uac` places
// 300 calls (warm-up), a heap snapshot is taken, then `calls` more, and a second snapshot 1 s after
// the last: their INVITE transactions are still in Accepted (Timer L) and their BYE transactions in
// Completed (Timer J). Prints the difference per call by node type and constructor. Run under tsx,
// so functions carry the names tsx keeps; `npm run bench:load -- --only=memory` measures the
// bundled build ("incoming call ended").
import { rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { freePortBlock } from '../../test/support/free-ports.js';
import { snapshotTotals, type SnapshotTotals } from './heap-snapshot-totals.js';
import { sippCalls, startListeningUas } from './listening-uas.js';

const calls = Number(process.argv[2] ?? 2000);
const port = await freePortBlock(1);
const uas = await startListeningUas(port);

/** The totals of a snapshot file, which is then deleted (each is some 100 MB). */
function totals(file: string): SnapshotTotals {
  const result = snapshotTotals(file, 12);
  rmSync(file);
  return result;
}

await sippCalls(port, 300, 500);
await new Promise((resolve) => setTimeout(resolve, 1000));
const before = writeHeapSnapshot();
await sippCalls(port, calls, 500);
await new Promise((resolve) => setTimeout(resolve, 1000));
const after = writeHeapSnapshot();
const [a, b] = [totals(before), totals(after)];
const rows = [...b].map(([key, v]) => ({ key, size: (v.size - (a.get(key)?.size ?? 0)) / calls, count: (v.count - (a.get(key)?.count ?? 0)) / calls }));
console.log(`${(rows.reduce((sum, r) => sum + r.size, 0) / 1024).toFixed(2)} KB kept per ended call (${calls} calls)`);
for (const r of rows.sort((x, y) => y.size - x.size).slice(0, 25)) console.log(`${r.size.toFixed(0).padStart(6)} B ${r.count.toFixed(2).padStart(6)}  ${r.key}`);
uas.ua.stop();
setTimeout(() => process.exit(0), 100);
