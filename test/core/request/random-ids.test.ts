import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newTag } from '../../../src/core/request/index.js';

describe('random identifiers', () => {
  it('makes branches with the RFC 3261 §8.1.1.7 magic cookie and 96 random bits, never twice', () => {
    const branches = new Set(Array.from({ length: 1000 }, newBranch));
    expect(branches.size).toBe(1000);
    for (const branch of branches) expect(branch).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
  });

  it('makes tags and Call-IDs that are tokens and unique', () => {
    const tags = new Set(Array.from({ length: 1000 }, newTag));
    const callIds = new Set(Array.from({ length: 1000 }, newCallId));
    expect(tags.size).toBe(1000);
    expect(callIds.size).toBe(1000);
    expect(newTag()).toMatch(/^[0-9a-f]{24}$/);
    expect(newCallId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
