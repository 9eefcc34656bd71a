import { parseArgs } from 'node:util';
import { DEFAULT_RATE, SETTLE_SECONDS } from './limits.js';

export interface CliOptions {
  seed: number;
  count: number;
  seconds: number;
  rate: number;
  settle: number;
  replay: string | undefined;
  /** Run the regression cases whose name contains this text ('' for all). */
  regressions: string | undefined;
  out: string | undefined;
  /** After a crash, look for the message that caused it by replaying halves of the window. */
  shrink: boolean;
  verbose: boolean;
}

export const USAGE = `npm run fuzz -- [--seed N] [--count M] [--seconds S] [--out DIR] [--verbose]
npm run fuzz -- --replay FILE [--verbose]
npm run fuzz -- --regressions [TEXT]

  --seed N     the campaign's seed (default: a new one, printed)
  --count M    at most M messages (default 20000)
  --seconds S  at most S seconds of sending (default 120)
  --rate R     at most R messages a second (default 300: the memory bounds assume it, see limits.ts)
  --settle S   then wait S seconds and check every transaction ended and the heap went back (default 40; 0 skips)
  --out DIR    where a failure is written (default: a new directory under the system temp dir)
  --replay F   send the messages of a replay file (in-flight.json, window.json, a regression) to a fresh target
  --regressions [TEXT]  run the regression cases (test/fuzz/regressions/cases.ts) whose name contains TEXT, or all
  --no-shrink  after a crash, do not look for the message that caused it (replaying halves of the last messages)
  --verbose    the target's warnings on stderr`;

function whole(name: string, text: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`--${name} must be a whole number from ${min} to ${max}: ${text}`);
  return value;
}

export function parseCliOptions(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      count: { type: 'string' },
      seconds: { type: 'string' },
      rate: { type: 'string' },
      settle: { type: 'string' },
      replay: { type: 'string' },
      regressions: { type: 'boolean', default: false },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'no-shrink': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    seed: whole('seed', values.seed, Math.floor(Math.random() * 2 ** 32), 2 ** 32 - 1),
    count: whole('count', values.count, 20_000),
    seconds: whole('seconds', values.seconds, 120),
    rate: whole('rate', values.rate, DEFAULT_RATE, 100_000, 1),
    settle: whole('settle', values.settle, SETTLE_SECONDS, 600),
    replay: values.replay,
    regressions: values.regressions ? positionals.join(' ') : undefined,
    out: values.out,
    shrink: !(values['no-shrink'] ?? false),
    verbose: values.verbose ?? false,
  };
}
