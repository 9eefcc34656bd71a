// `npx tsx bench/load/ua-snapshot.ts [peer] [n]`: registers n UAs of one library in a bundled child
// (as the many-UAs benchmark does), writes a heap snapshot there, and prints the self size per
// constructor divided by n (`nosnapshot` as third argument: only the heap per UA; `keep`: the snapshot file is kept
// in the temporary folder and named, to be compared with another): what each registered UA keeps, by kind of object.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKamailio } from '../../test/support/kamailio.js';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import { snapshotTotals } from './heap-snapshot-totals.js';
import type { WorkerRegistered } from './ua-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const [peer = 'sipforge', count = '2000', snapshot = 'snapshot'] = process.argv.slice(2);
const n = Number(count);
const kamailio = await startKamailio({ defines: ['LOAD_TEST'], sharedMemoryMb: 1024 });
const worker = forkChild(await bundleChild(join(HERE, 'ua-worker.ts')), [peer, kamailio.wsUrl, '0', count, '100']);
try {
  const reg = (await worker.next<WorkerRegistered>((m) => m.kind === 'registered', 60_000 + n * 20));
  console.log(`${reg.registered} registered in ${(reg.ms / 1000).toFixed(1)} s, heap/UA ${((reg.after.heapUsed - reg.before.heapUsed) / reg.registered / 1024).toFixed(2)} KB`);
  if (snapshot === 'snapshot' || snapshot === 'keep') {
    worker.process.send('snapshot');
    const { file } = await worker.next<{ kind: string; file: string }>((m) => m.kind === 'snapshot', 120_000);
    try {
      summarise(file, n);
    } finally {
      if (snapshot === 'keep') console.log(`snapshot kept: ${file}`);
      else rmSync(file, { force: true });
    }
  }
} finally {
  await worker.kill();
  await kamailio.stop();
}

function summarise(file: string, perUa: number): void {
  const totals = snapshotTotals(file);
  const rows = [...totals].sort((a, b) => b[1].size - a[1].size).slice(0, 60);
  for (const [key, { size, count: c }] of rows) console.log(`${(size / perUa).toFixed(0).padStart(7)} B/UA ${(c / perUa).toFixed(2).padStart(8)} /UA  ${key}`);
}
