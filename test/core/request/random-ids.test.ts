import { describe, expect, it, vi } from 'vitest';
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

describe('random identifiers from a pool', () => {
  it('fills a pool of random bytes at once instead of asking WebCrypto once per identifier', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const ids = Array.from({ length: 100 }, () => [newBranch(), newTag(), newCallId()]).flat();
      expect(new Set(ids).size).toBe(300);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
  });
});
