import { describe, expect, it } from 'vitest';
import { lastAlike } from '../../src/transport/last-alike.js';

describe('lastAlike', () => {
  it('hands back the last frozen record while the values are the same, and a new one when any differs', () => {
    const shared = lastAlike<{ timeout: number; schemes: readonly string[] }>();
    const schemes = ['sip'];
    const first = shared({ timeout: 5, schemes });
    expect(Object.isFrozen(first)).toBe(true);
    expect(shared({ timeout: 5, schemes })).toBe(first);
    const other = shared({ timeout: 5, schemes: ['sip'] });
    expect(other).not.toBe(first);
    expect(shared({ timeout: 6, schemes: ['sip'] })).not.toBe(other);
  });
});
