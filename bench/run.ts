// `npm run bench [-- --quick]`: parse throughput of sipforge and its peers on
// the same corpus, in one process. Verifies every contender first, then times
// them (measure.ts), prints the report and, on a full run, saves it to
// bench/RESULTS.md. `--quick` is a smoke run (~4 s) whose numbers are too
// noisy to keep, so it does not write the file.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpus } from './corpus.js';
import type { Contender } from './contender.js';
import { verifyAll } from './verify.js';
import { measure, type Plan } from './measure.js';
import { render } from './report.js';
import { floor } from './peers/floor.js';
import { sip006 } from './peers/sip006.js';
import { jssip } from './peers/jssip.js';
import { sipjs } from './peers/sipjs.js';

const quick = process.argv.includes('--quick');
// Full run: ~6 s of warm-up + 9 rounds × 6 contenders × 0.4 s ≈ 28 s. Nine
// rounds because the slow PEG-based peers are noisy on a loaded machine.
const plan: Plan = quick ? { warmupMs: 150, rounds: 3, roundMs: 150 } : { warmupMs: 1000, rounds: 9, roundMs: 400 };

// sipforge is loaded dynamically so a missing or broken build still lets the
// peers be measured — but the run then ends with a failure, never silently.
const sipforge: Contender[] = [];
let sipforgeError: string | undefined;
try {
  const m = await import('./peers/sipforge.js');
  sipforge.push(m.stack, m.full);
} catch (err) {
  sipforgeError = err instanceof Error ? err.message : String(err);
  console.error(`!! sipforge could not be loaded — its contenders are SKIPPED:\n   ${sipforgeError}\n`);
}

const contenders: Contender[] = [floor, ...sipforge, sip006, jssip, sipjs];
const inputs = corpus.map((e) => e.bytes);

verifyAll(contenders, corpus);
console.log(`verified: ${contenders.length} contenders × ${corpus.length} messages read the expected fields`);

const results = measure(contenders, inputs, plan, (line) => console.log(`  ${line}`));
const notes = quick ? ['Quick run (--quick): short rounds, numbers are indicative only'] : [];
if (sipforgeError !== undefined) notes.push(`sipforge SKIPPED: ${sipforgeError}`);
const { markdown, allPass } = render(results, {
  plan,
  corpusSize: corpus.length,
  corpusBytes: inputs.reduce((n, b) => n + b.length, 0),
  notes,
});
console.log('\n' + markdown);

if (!quick && sipforgeError === undefined) {
  const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  writeFileSync(path, markdown);
  console.log(`written to ${path}`);
}
console.log(allPass ? 'all targets met' : 'NOT all targets met (see Targets)');
// A missing sipforge is an error; a missed target is a finding, reported above.
if (sipforgeError !== undefined) process.exitCode = 1;
