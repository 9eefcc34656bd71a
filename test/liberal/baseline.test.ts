/**
 * The liberal-parsing measurement: no message or header value that the strict parser of the
 * base commit read may be read differently now. test/fixtures/liberal/baseline.json holds
 * what that parser read from every corpus entry (record-baseline.ts); this test reads the
 * same corpus again and compares, description for description (describe-value.ts), and
 * counts what the tolerances of grammar/ now read that the strict parser could not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusMessages, corpusValues } from './corpus.js';
import { specOf } from './describe-value.js';
import { readCorpusValue, readMessage, type LineReading, type MessageReading, type ValueReading } from './read-corpus.js';
import { realWorldMessages } from './real-world-messages.js';

interface Baseline {
  recordedAt: string;
  messages: MessageReading[];
  values: ValueReading[];
}

const baseline = JSON.parse(readFileSync(new URL('../fixtures/liberal/baseline.json', import.meta.url), 'utf8')) as Baseline;
const now = new Map(corpusMessages.map((m) => [m.id, readMessage(m)]));
const nowValues = new Map(corpusValues.map((v) => [v.id, readCorpusValue(v)]));

type Outcome = 'typed' | 'text' | 'error';
function outcome(reading: { values?: Record<string, unknown>[]; error?: string }): Outcome {
  if (reading.values === undefined) return 'error';
  return reading.values.some((v) => 'nonConforming' in v) ? 'text' : 'typed';
}

function lines(reading: MessageReading | undefined): LineReading[] {
  return reading?.lines ?? [];
}

/** The numbers the report quotes: header lines and messages, before (baseline) and now. */
function tally() {
  const count = (readings: Iterable<MessageReading>) => {
    let parsed = 0;
    let fullyReadable = 0;
    const headers = { typed: 0, text: 0, error: 0 };
    for (const m of readings) {
      if (m.error !== undefined) continue;
      parsed++;
      if (m.fullyReadable) fullyReadable++;
      for (const line of lines(m)) headers[outcome(line)]++;
    }
    return { parsed, fullyReadable, headers };
  };
  const countValues = (readings: Iterable<ValueReading>) => {
    const values = { typed: 0, text: 0, error: 0 };
    for (const v of readings) values[outcome(v)]++;
    return values;
  };
  // Only the entries the baseline has: the corpus may grow (a new catalogue header brings samples).
  return {
    messages: baseline.messages.length,
    before: { ...count(baseline.messages), values: countValues(baseline.values) },
    after: {
      ...count(baseline.messages.map((m) => now.get(m.id)!)),
      values: countValues(baseline.values.map((v) => nowValues.get(v.id)!)),
    },
  };
}

describe(`liberal parsing against the strict parser of ${baseline.recordedAt}`, () => {
  it('the corpus still holds every baseline entry', () => {
    for (const m of baseline.messages) expect(now.has(m.id), m.id).toBe(true);
    for (const v of baseline.values) expect(nowValues.has(v.id), v.id).toBe(true);
  });

  it('every message the strict parser framed is framed the same way, with the same start line', () => {
    for (const before of baseline.messages) {
      if (before.error !== undefined) continue;
      const after = now.get(before.id)!;
      expect(after.error, before.id).toBeUndefined();
      expect(after.start, before.id).toEqual(before.start);
      expect(lines(after).map((l) => [l.name, l.value]), before.id).toEqual(lines(before).map((l) => [l.name, l.value]));
    }
  });

  it('every header line the strict parser read is read to the identical typed value and serialisation', () => {
    let compared = 0;
    for (const before of baseline.messages) {
      const after = lines(now.get(before.id));
      lines(before).forEach((line, i) => {
        if (line.values === undefined) return;
        expect(after[i]?.values, `${before.id} ${line.name}: ${line.value}`).toEqual(line.values);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(800);
  });

  it('every header value the strict parser read is read identically', () => {
    for (const before of baseline.values) {
      if (before.values === undefined) continue;
      expect(nowValues.get(before.id)!.values, `${before.id}: ${before.value}`).toEqual(before.values);
    }
  });

  it('every message fully readable before still is', () => {
    for (const before of baseline.messages) {
      if (before.fullyReadable) expect(now.get(before.id)!.fullyReadable, before.id).toBe(true);
    }
  });

  it('what the strict parser refused is now kept as text only for informational headers; strict headers still fail', () => {
    const check = (header: string, reading: { values?: Record<string, unknown>[]; error?: string }, where: string) => {
      const tolerant = specOf(header)?.tolerant === true;
      expect(outcome(reading), where).toBe(tolerant ? 'text' : 'error');
    };
    for (const before of baseline.messages) {
      const after = lines(now.get(before.id));
      lines(before).forEach((line, i) => {
        if (line.error !== undefined) check(line.name, after[i]!, `${before.id} ${line.name}: ${line.value}`);
      });
    }
    for (const before of baseline.values) {
      if (before.error !== undefined) check(before.header, nowValues.get(before.id)!, `${before.id}: ${before.value}`);
    }
  });

  it('the real-world messages are all fully readable, their non-conforming informational headers kept as text', () => {
    for (const m of realWorldMessages) {
      const reading = now.get(`real-world/${m.name}`)!;
      expect(reading.fullyReadable, m.name).toBe(true);
      const asText = lines(reading).filter((l) => outcome(l) === 'text').map((l) => l.name);
      expect(asText.sort(), m.name).toEqual([...m.nonConforming].sort());
    }
  });

  it('the counts', () => {
    const counts = tally();
    console.log(`liberal parsing, ${counts.messages} messages: ${JSON.stringify(counts, null, 1)}`);
    expect(counts).toEqual({
      messages: 96,
      before: { parsed: 82, fullyReadable: 65, headers: { typed: 835, text: 0, error: 24 }, values: { typed: 205, text: 0, error: 197 } },
      after: { parsed: 83, fullyReadable: 76, headers: { typed: 842, text: 13, error: 11 }, values: { typed: 205, text: 30, error: 167 } },
    });
  });
});
