import type { Random } from '../random.js';

/** What a mutator changes: a request to the target, or a response to one of the target's requests. */
export type MessageKind = 'request' | 'response';

/**
 * One way of breaking a message. `apply` returns the changed octets (latin1 text), or
 * undefined when the message offers nothing to change that way.
 */
export interface Mutator {
  name: string;
  /** How often it is picked, relative to the others. */
  weight: number;
  apply(rng: Random, data: string, kind: MessageKind): string | undefined;
}

/** A position in `data`, biased towards the header block, where breakage matters most. */
export function position(rng: Random, data: string): number {
  const headEnd = data.indexOf('\r\n\r\n');
  const limit = headEnd === -1 || rng.chance(0.1) ? data.length : headEnd;
  return rng.below(limit + 1);
}
