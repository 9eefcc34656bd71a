// `npm run conformance -- [options]`: the scenarios under scenarios/ against a real SIP server
// (runner/cli-options.ts lists the options; README, "Conformance").
import { parseConformanceArgs, USAGE } from './runner/cli-options.js';
import { runConformance } from './runner/run-conformance.js';

let options;
try {
  options = parseConformanceArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
try {
  process.exitCode = await runConformance(options);
} catch (error) {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
