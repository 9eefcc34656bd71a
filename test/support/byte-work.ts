/** What `work` did to byte arrays: octets copied (set, slice) and octets searched (indexOf). */
export interface ByteWork {
  copied: number;
  searched: number;
}

type Method = (this: Uint8Array, ...args: unknown[]) => unknown;

/**
 * Run `work` with Uint8Array's set, slice and indexOf counting the octets they copy or search.
 * The built-ins are swapped by hand for the duration (a vitest spy would itself allocate and
 * copy); Buffer inherits them, so Node's buffers are counted too.
 */
export function countByteWork(work: () => void): ByteWork {
  const counts: ByteWork = { copied: 0, searched: 0 };
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as Record<'set' | 'slice' | 'indexOf', Method>;
  const { set, slice, indexOf } = proto;
  proto.set = function (...args) {
    const source = args[0] as ArrayLike<unknown>;
    counts.copied += source.length;
    return Reflect.apply(set, this, args);
  };
  proto.slice = function (...args) {
    const result = Reflect.apply(slice, this, args) as Uint8Array;
    counts.copied += result.length;
    return result;
  };
  proto.indexOf = function (...args) {
    const found = Reflect.apply(indexOf, this, args) as number;
    const from = Math.max(0, Number(args[1] ?? 0));
    counts.searched += (found === -1 ? this.length : found + 1) - from;
    return found;
  };
  try {
    work();
  } finally {
    proto.set = set;
    proto.slice = slice;
    proto.indexOf = indexOf;
  }
  return counts;
}
