// Checks, before anything is timed, that every contender really parsed every
// message: a parser that throws, returns nothing or misreads a field would
// otherwise show up as a fast one.
import type { CorpusEntry, StackFields } from './corpus.js';
import type { Contender } from './contender.js';

const fields: (keyof StackFields)[] = ['branch', 'viaHost', 'viaPort', 'cseq', 'cseqMethod', 'callId', 'fromTag', 'toTag'];

function problems(c: Contender, e: CorpusEntry): string[] {
  let got: StackFields | number;
  try {
    got = c.run(e.bytes);
  } catch (err) {
    return [`threw: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (typeof got === 'number') {
    return got === e.headerLines ? [] : [`found ${got} header lines, expected ${e.headerLines}`];
  }
  const out: string[] = [];
  for (const f of fields) {
    if (got[f] !== e.expect[f]) out.push(`${f}: got ${JSON.stringify(got[f])}, expected ${JSON.stringify(e.expect[f])}`);
  }
  return out;
}

/** Throws one error listing every mismatch of every contender. */
export function verifyAll(contenders: Contender[], corpus: CorpusEntry[]): void {
  const report: string[] = [];
  for (const c of contenders) {
    for (const e of corpus) {
      for (const p of problems(c, e)) report.push(`  ${c.label} / ${e.name}: ${p}`);
    }
  }
  if (report.length > 0) throw new Error(`verification failed — not timing contenders that misparse:\n${report.join('\n')}`);
}
