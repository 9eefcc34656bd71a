// `npx tsx bench/load/snapshot-retainers.ts <snapshot of n1 UAs> <snapshot of n2 UAs> <n1> <n2> [rows=80]`:
// what each further UA keeps, by kind of object and by what holds it. Both snapshots come from
// `npx tsx bench/load/ua-snapshot.ts <peer> <n> keep`. Each node is filed under its kind (constructor or
// closure name, or V8's type) and its first holder's kind and field (one more level when the holder is a
// closure context, an array or a plain object, which say little on their own); the self sizes of the two
// snapshots are subtracted and divided by n2 − n1. This names what per-constructor totals cannot: a Map's
// table by the object that owns the Map, a closure by the field that keeps it.
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]]; location_fields?: string[] } };
  nodes: number[];
  edges: number[];
  strings: string[];
  locations?: number[];
}

type Totals = Map<string, { size: number; count: number }>;

function totalsByHolder(file: string): Totals {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const { node_fields: nodeFields, edge_fields: edgeFields } = snap.snapshot.meta;
  const nodeTypes = snap.snapshot.meta.node_types[0];
  const edgeTypes = snap.snapshot.meta.edge_types[0];
  const N = nodeFields.length;
  const E = edgeFields.length;
  const { nodes, edges, strings } = snap;
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nodeFields.indexOf(f)) as [number, number, number, number];
  const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((f) => edgeFields.indexOf(f)) as [number, number, number];
  const count = nodes.length / N;
  const name = (i: number): string => strings[nodes[i * N + nameAt]!]!;
  const type = (i: number): string => nodeTypes[nodes[i * N + typeAt]!]!;
  const holder = new Int32Array(count).fill(-1);
  const field: string[] = new Array<string>(count);
  let e = 0;
  for (let i = 0; i < count; i++) {
    const edgeCount = nodes[i * N + edgeCountAt]!;
    for (let k = 0; k < edgeCount; k++, e += E) {
      const edgeType = edgeTypes[edges[e + edgeTypeAt]!]!;
      if (edgeType === 'weak' || edgeType === 'shortcut') continue;
      const to = edges[e + edgeToAt]! / N;
      // The first strong holder, leaving out the synthetic roots and the hidden classes (every object's map points at it).
      if (holder[to] !== -1 || type(i) === 'synthetic' || (type(i) === 'hidden' && name(i).startsWith('system / Map'))) continue;
      holder[to] = i;
      field[to] = edgeType === 'element' || edgeType === 'hidden' ? `[${edgeType}]` : String(strings[edges[e + edgeNameAt]!] ?? edges[e + edgeNameAt]);
    }
  }
  // An anonymous closure is named by where it is written: line:column (zero-based) in its script, the bundle for sipforge's.
  const where = new Map<number, string>();
  const L = snap.snapshot.meta.location_fields?.length ?? 4;
  const locations = snap.locations ?? [];
  for (let k = 0; k < locations.length; k += L) where.set(locations[k]! / N, `@${locations[k + 2]}:${locations[k + 3]}`);
  const label = (i: number): string => {
    const t = type(i);
    if (t === 'closure' && name(i) === '') return `closure:${where.get(i) ?? ''}`;
    if (t === 'object' || t === 'closure') return `${t}:${name(i).slice(0, 40)}`;
    return t.includes('string') ? '(string)' : `(${t}):${name(i).slice(0, 30)}`;
  };
  const vague = (l: string): boolean => l.startsWith('(array)') || l.includes('Context') || l === 'object:Object' || l === 'object:Array' || l.startsWith('(hidden)');
  const totals: Totals = new Map();
  for (let i = 0; i < count; i++) {
    const h = holder[i]!;
    let held = h === -1 ? '-' : label(h);
    if (h !== -1 && vague(held)) {
      const above = holder[h]!;
      held = `${above === -1 ? '-' : label(above)}.${field[h]} > ${held}`;
    }
    const key = `${label(i)} <- ${held}.${field[i] ?? ''}`;
    const entry = totals.get(key) ?? { size: 0, count: 0 };
    entry.size += nodes[i * N + sizeAt]!;
    entry.count += 1;
    totals.set(key, entry);
  }
  return totals;
}

const [fewer, more, fewerCount, moreCount, rows = '80'] = process.argv.slice(2);
if (more === undefined || moreCount === undefined) throw new Error('usage: snapshot-retainers.ts <snapshot n1> <snapshot n2> <n1> <n2> [rows]');
const before = totalsByHolder(fewer!);
const after = totalsByHolder(more);
const added = Number(moreCount) - Number(fewerCount);
const lines = [...after].map(([key, { size, count }]) => {
  const old = before.get(key) ?? { size: 0, count: 0 };
  return { key, size: (size - old.size) / added, count: (count - old.count) / added };
});
lines.sort((a, b) => b.size - a.size);
console.log(`bytes per UA, count per UA, kind <- holder.field (total ${lines.reduce((sum, l) => sum + l.size, 0).toFixed(0)} B per UA)`);
for (const l of lines.slice(0, Number(rows))) console.log(`${l.size.toFixed(0).padStart(6)} ${l.count.toFixed(2).padStart(6)}  ${l.key}`);
