import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export type SnapshotTotals = Map<string, { size: number; count: number }>;

/**
 * Self size and count of the nodes of a heap snapshot file (`v8.writeHeapSnapshot`), by kind:
 * `object:<constructor>` and `closure:<name>`, other node types as `(type)`, hidden and array ones
 * with their name, and strings with their first `stringPrefix` characters (a message text kept alive
 * shows as its start line).
 */
export function snapshotTotals(file: string, stringPrefix = 0): SnapshotTotals {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const totals: SnapshotTotals = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = snap.strings[snap.nodes[i + nameAt]!]!;
    const key =
      type === 'object' || type === 'closure'
        ? `${type}:${name}`
        : type.includes('string') && stringPrefix > 0
          ? `(${type}): ${name.slice(0, stringPrefix)}`
          : `(${type})${type === 'hidden' || type === 'array' ? ':' + name.slice(0, 40) : ''}`;
    const entry = totals.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + sizeAt]!;
    entry.count += 1;
    totals.set(key, entry);
  }
  return totals;
}
