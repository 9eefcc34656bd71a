/**
 * Methods a UA serves with one handler, each with the body types it takes when they are not the
 * core's `accept` (RFC 3261 §8.2.3). Made once and shared by every core serving the same methods
 * alike (`UserAgentCore.serve`): a process may hold thousands of UAs, and each core kept two maps
 * of its own for this (about 0.5 KB).
 */
export class ServedMethods {
  /** In the order given: the order of our Allow header. */
  readonly methods: readonly string[];
  /** The body types of the methods given some. */
  readonly accepts: ReadonlyMap<string, readonly string[]>;
  private readonly served: ReadonlySet<string>;

  constructor(entries: ReadonlyArray<readonly [method: string, accept?: readonly string[]]>) {
    this.methods = Object.freeze(entries.map(([method]) => method));
    this.served = new Set(this.methods);
    this.accepts = new Map(entries.flatMap(([method, accept]) => (accept === undefined ? [] : [[method, accept] as const])));
  }

  has(method: string): boolean {
    return this.served.has(method);
  }
}
