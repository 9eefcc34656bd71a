import type { IdGenerator } from '../../../src/core/request/index.js';

/** Predictable branches, tags and Call-IDs, numbered in the order they are asked for. */
export function fixedIds(): IdGenerator {
  let branches = 0;
  let tags = 0;
  let callIds = 0;
  return {
    branch: () => `z9hG4bKbranch${++branches}`,
    tag: () => `tag${++tags}`,
    callId: () => `call${++callIds}@example.test`,
  };
}
