/**
 * Every SIP message and header value the project has, in one place, for the liberal-parsing
 * measurement (baseline.test.ts): the RFC 4475 and RFC 5118 torture messages, the benchmark
 * corpus, the real-world-shaped messages, the per-header samples of the header tests and the
 * valid and invalid values of the grammar tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpus as benchCorpus } from '../../bench/corpus.js';
import { headerCatalogue } from '../../grammar/headers.js';
import { invalid as grammarInvalid, valid as grammarValid } from '../grammar/header-values.js';
import { headerSamples } from '../header-samples.js';
import { realWorldMessages } from './real-world-messages.js';

export interface CorpusMessage {
  /** `<source>/<name>`, unique. */
  id: string;
  bytes: Uint8Array;
}

export interface CorpusValue {
  /** `<source>/<header>/<n>`, unique. */
  id: string;
  header: string;
  value: string;
}

function datFiles(dir: string, source: string): CorpusMessage[] {
  const path = fileURLToPath(new URL(`../fixtures/${dir}/`, import.meta.url));
  return readdirSync(path)
    .filter((f) => f.endsWith('.dat'))
    .sort()
    .map((f) => ({ id: `${source}/${f.slice(0, -4)}`, bytes: new Uint8Array(readFileSync(path + f)) }));
}

export const corpusMessages: CorpusMessage[] = [
  ...datFiles('rfc4475', 'rfc4475'),
  ...datFiles('rfc5118', 'rfc5118'),
  ...benchCorpus.map((e) => ({ id: `bench/${e.name}`, bytes: new Uint8Array(e.bytes) })),
  ...realWorldMessages.map((m) => ({ id: `real-world/${m.name}`, bytes: m.bytes })),
];

const headerOfRule = new Map(headerCatalogue.map((h) => [h.rule, h.name]));

function grammarValues(source: string, byRule: Record<string, string[]>): CorpusValue[] {
  return Object.entries(byRule).flatMap(([rule, values]) => {
    const header = headerOfRule.get(rule);
    if (header === undefined) throw new Error(`corpus: no catalogue header for grammar rule ${rule}`);
    return values.map((value, n) => ({ id: `${source}/${header}/${n}`, header, value }));
  });
}

export const corpusValues: CorpusValue[] = [
  ...Object.entries(headerSamples).map(([header, sample]) => ({ id: `header-samples/${header}/0`, header, value: sample.value })),
  ...grammarValues('grammar-valid', Object.fromEntries(Object.entries(grammarValid).map(([rule, cases]) => [rule, cases.map(([value]) => value)]))),
  ...grammarValues('grammar-invalid', grammarInvalid),
];
