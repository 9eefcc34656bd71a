/**
 * `npx tsx test/liberal/record-baseline.ts`: records what the parser of the checkout reads
 * from every corpus message and value into test/fixtures/liberal/baseline.json.
 *
 * The committed file was recorded once, from the strict parser of commit 2b4d610 (before
 * any liberal parsing), with this script and the corpus as they are; baseline.test.ts
 * compares today's parser against it. Re-recording it from a later commit would make the
 * comparison compare a parser with itself: only do that for corpus entries added later, and
 * say so in the commit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusMessages, corpusValues } from './corpus.js';
import { readCorpusValue, readMessage } from './read-corpus.js';

const path = fileURLToPath(new URL('../fixtures/liberal/baseline.json', import.meta.url));
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const baseline = {
  recordedAt: commit,
  messages: corpusMessages.map(readMessage),
  values: corpusValues.map(readCorpusValue),
};
mkdirSync(fileURLToPath(new URL('../fixtures/liberal/', import.meta.url)), { recursive: true });
writeFileSync(path, JSON.stringify(baseline, null, 1) + '\n');
console.log(`recorded ${baseline.messages.length} messages and ${baseline.values.length} values at ${commit} into ${path}`);
