import { describe, expect, it } from 'vitest';
import { headerCatalogue } from '../grammar/headers.js';
import { headerDefinitions, SipParseError } from '../src/index.js';
import { headerSamples } from './header-samples.js';

function read(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) current = (current as Record<string, unknown>)[part];
  return current;
}

describe('generated header classes', () => {
  it('have a sample for every catalogue entry', () => {
    const missing = headerCatalogue.map((h) => h.name).filter((name) => !(name in headerSamples));
    expect(missing).toEqual([]);
  });

  for (const spec of headerCatalogue) {
    const sample = headerSamples[spec.name];
    if (sample === undefined) continue;
    it(`${spec.name}: parses, reads typed fields, round-trips`, () => {
      const definition = headerDefinitions.get(spec.name.toLowerCase());
      expect(definition?.name).toBe(spec.name);
      if (spec.compact) expect(headerDefinitions.get(spec.compact)).toBe(definition);
      const values = definition!.parse(sample.value);
      expect(values).toHaveLength(sample.count ?? 1);
      for (const [path, expected] of Object.entries(sample.expect)) expect(read(values[0], path), path).toEqual(expected);
      const serialised = values.map(String).join(spec.list === 'semicolon' ? ';' : ', ');
      const again = definition!.parse(serialised);
      expect(again.map(String)).toEqual(values.map(String));
      for (const [path, expected] of Object.entries(sample.expect)) expect(read(again[0], path), path).toEqual(expected);
      const copy = values[0]!.clone();
      expect(String(copy)).toBe(String(values[0]));
    });
  }

  it('report malformed values as SipParseError naming the rule', () => {
    for (const [name, bad] of [['CSeq', 'abc INVITE'], ['Via', 'SIP/2.0/UDP'], ['Content-Length', '-1'], ['From', '<sip:a@b']] as const) {
      try {
        headerDefinitions.get(name.toLowerCase())!.parse(bad);
        expect.unreachable(`${name}: ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(SipParseError);
        expect((error as SipParseError).rule).toBe(headerCatalogue.find((h) => h.name === name)!.rule);
      }
    }
  });
});
