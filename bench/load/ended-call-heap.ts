// What an answered call keeps once it has ended, by kind of object: `npx tsx bench/load/ended-call-heap.ts [calls=2000]`.
// The benchmark's UAS (bench/load/cps-worker.ts's set-up) runs in this process; SIPp's `uac` places
// 300 calls (warm-up), a heap snapshot is taken, then `calls` more, and a second snapshot 1 s after
// the last: their INVITE transactions are still in Accepted (Timer L) and their BYE transactions in
// Completed (Timer J). Prints the difference per call by node type and constructor. Run under tsx,
// so functions carry the names tsx keeps; `npm run bench:load -- --only=memory` measures the
// bundled build ("incoming call ended").
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { freePortBlock } from '../../test/support/free-ports.js';
import { SIPP_PORTS, sippLocal } from '../../test/support/sipp.js';
import SIP from '../../src/node.js';
import { nullMediaFactory } from './lifecycles/null-media.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const calls = Number(process.argv[2] ?? 2000);
const port = await freePortBlock(1);
const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen: `udp:127.0.0.1:${port}`, register: false, log: { builtinEnabled: false }, mediaHandlerFactory: nullMediaFactory });
ua.on('invite', (session) => session.accept());
await new Promise<void>((resolve) => ua.on('listening', () => resolve()));

async function sipp(count: number): Promise<void> {
  const sippPort = await freePortBlock(SIPP_PORTS);
  const args = ['-sn', 'uac', `127.0.0.1:${port}`, '-s', 'service', ...sippLocal(sippPort), '-r', '500', '-m', String(count), '-d', '0', '-nostdin', '-timeout', '60s'];
  await new Promise((resolve, reject) => spawn('sipp', args, { stdio: 'ignore' }).once('exit', resolve).once('error', reject));
}

/** Self size and count per node type (and constructor, for objects and closures) of a snapshot file. */
function totals(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  rmSync(file);
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = snap.strings[snap.nodes[i + nameAt]!]!;
    const key = type === 'object' || type === 'closure' ? `${type}:${name}` : type.includes('string') ? `(${type}): ${name.slice(0, 12)}` : `(${type})`;
    const entry = out.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + sizeAt]!;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

await sipp(300);
await new Promise((resolve) => setTimeout(resolve, 1000));
const before = writeHeapSnapshot();
await sipp(calls);
await new Promise((resolve) => setTimeout(resolve, 1000));
const after = writeHeapSnapshot();
const [a, b] = [totals(before), totals(after)];
const rows = [...b].map(([key, v]) => ({ key, size: (v.size - (a.get(key)?.size ?? 0)) / calls, count: (v.count - (a.get(key)?.count ?? 0)) / calls }));
console.log(`${(rows.reduce((sum, r) => sum + r.size, 0) / 1024).toFixed(2)} KB kept per ended call (${calls} calls)`);
for (const r of rows.sort((x, y) => y.size - x.size).slice(0, 25)) console.log(`${r.size.toFixed(0).padStart(6)} B ${r.count.toFixed(2).padStart(6)}  ${r.key}`);
ua.stop();
setTimeout(() => process.exit(0), 100);
