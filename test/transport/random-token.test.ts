import { describe, expect, it, vi } from 'vitest';
import { randomBytes, randomToken } from '../../src/transport/index.js';

describe('randomBytes and randomToken', () => {
  it('draw from a pool filled by WebCrypto at once, never handing out the same bytes twice', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      const tokens = Array.from({ length: 200 }, () => randomToken(12));
      const draws = Array.from({ length: 200 }, () => randomBytes(16));
      expect(new Set(tokens).size).toBe(200);
      expect(new Set(draws.map((bytes) => Buffer.from(bytes).toString('hex'))).size).toBe(200);
      for (const token of tokens) expect(token).toMatch(/^[a-z0-9]{12}$/);
      // About 5.6 KB drawn from a 4 KB pool: two or three fills, not one call per draw.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
      // A copy: changing the bytes one got changes nothing drawn later.
      const first = randomBytes(8);
      first.fill(0);
      expect(randomBytes(8).every((b) => b === 0)).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('draws a count larger than the pool directly', () => {
    expect(randomBytes(10_000)).toHaveLength(10_000);
  });
});
