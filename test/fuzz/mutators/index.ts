import type { Random } from '../random.js';
import { byteMutators } from './bytes.js';
import { fieldMutators } from './fields.js';
import { lineMutators } from './lines.js';
import type { MessageKind, Mutator } from './mutator.js';

export type { MessageKind, Mutator } from './mutator.js';

const MUTATORS: readonly Mutator[] = [...byteMutators, ...lineMutators, ...fieldMutators];

/** `data` after `count` mutations picked by weight; `names` lists those that changed something. */
export function mutate(rng: Random, data: string, kind: MessageKind, count: number): { data: string; names: string[] } {
  const names: string[] = [];
  const entries = MUTATORS.map((m) => [m, m.weight] as const);
  let out = data;
  for (let i = 0; i < count; i++) {
    const mutator = rng.weighted(entries);
    const changed = mutator.apply(rng, out, kind);
    if (changed === undefined || changed === out) continue;
    out = changed;
    names.push(mutator.name);
  }
  return { data: out, names };
}
