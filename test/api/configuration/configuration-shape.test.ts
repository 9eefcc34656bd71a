import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { normalizeConfiguration } from '../../../src/api/configuration/index.js';

// V8's own view of the object (natives syntax, enabled for this file's functions only): a
// configuration in dictionary mode, or with a hidden class of its own, costs each UA about 3 KB,
// which 10,000 UAs in one process feel (bench/load).
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
setFlagsFromString('--no-allow-natives-syntax');

describe('the frozen configuration is cheap to hold many of', () => {
  const a = normalizeConfiguration({ uri: 'u1@example.test', wsServers: 'ws://127.0.0.1:1', password: 'secret' });
  const b = normalizeConfiguration({ uri: 'u2@example.test', wsServers: 'ws://127.0.0.1:1', password: 'secret' });

  it('keeps fast properties', () => {
    expect(hasFastProperties(a)).toBe(true);
  });

  it('shares one hidden class between UAs', () => {
    expect(haveSameMap(a, b)).toBe(true);
  });

  it('still lets each UA toggle its own register and custom', () => {
    a.register = false;
    a.custom = { mine: 1 };
    expect([a.register, b.register]).toEqual([false, true]);
    expect(b.custom).not.toEqual({ mine: 1 });
  });
});
