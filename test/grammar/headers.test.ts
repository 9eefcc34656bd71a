import { describe, expect, test } from 'vitest';
import { URI, Parameters } from '../../src/syntax/values/index.js';
import { headerCatalogue } from '../../grammar/headers.js';
import { invalid, valid } from './header-values.js';
import { parse } from './parser.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('header start rules', () => {
  test('every catalogued rule has valid and invalid samples', () => {
    for (const h of headerCatalogue) {
      expect(valid[h.rule], h.rule).toBeDefined();
      expect(invalid[h.rule], h.rule).toBeDefined();
    }
  });

  for (const h of headerCatalogue) {
    describe(`${h.name} (${h.source})`, () => {
      test.each((valid[h.rule] ?? []).map(([input, check]) => ({ input, check })))('parses $input', ({ input, check }) => {
        const value = parse(h.rule, input);
        if (h.list === 'single') expect(Array.isArray(value)).toBe(false);
        else expect(Array.isArray(value)).toBe(true);
        check(value);
        // LWS around the value is tolerated
        expect(parse(h.rule, ` ${input} `)).toEqual(value);
      });
      test.each(invalid[h.rule] ?? [])('rejects %j', (input) => {
        expect(() => parse(h.rule, input)).toThrow();
      });
    });
  }
});

describe('result shapes follow header-spec.ts', () => {
  test('objects carry exactly the fields of their kind', async () => {
    const { headerKinds } = await import('../../grammar/header-spec.js');
    for (const h of headerCatalogue) {
      const fields = (headerKinds[h.kind] as { name: string; optional?: boolean }[]).map((f) => f.name);
      for (const [input] of valid[h.rule] ?? []) {
        const value = parse<any>(h.rule, input);
        for (const item of Array.isArray(value) ? value : [value]) {
          for (const key of Object.keys(item)) expect(fields, `${h.rule} ${key}`).toContain(key);
          for (const f of (headerKinds[h.kind] as { name: string; optional?: boolean }[]).filter((x) => !x.optional)) {
            if (!(h.kind === 'contact' && f.name === 'uri')) expect(item[f.name], `${h.rule}.${f.name}`).not.toBeUndefined();
          }
          if ('params' in item) expect(item.params).toBeInstanceOf(Parameters);
          if ('uri' in item && item.uri !== undefined) expect(item.uri).toBeInstanceOf(URI);
        }
      }
    }
  });
});
