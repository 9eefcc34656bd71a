import type { Random } from '../random.js';
import { joinMessage, lineName, linesOf, splitMessage, valueOf, withValue, type MessageText } from './message-text.js';
import type { Mutator } from './mutator.js';

// The headers every layer reads (RFC 3261 §8.1.1); breaking them reaches the guards that must hold.
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length', 'contact'];

/** A header line: a mandatory one more often than not. */
function pickLine(rng: Random, message: MessageText): number | undefined {
  if (message.lines.length === 0) return undefined;
  if (rng.chance(0.7)) {
    const wanted = rng.pick(MANDATORY);
    const found = linesOf(message, wanted);
    if (found.length > 0) return rng.pick(found);
  }
  return rng.below(message.lines.length);
}

function onLines(change: (rng: Random, message: MessageText) => boolean): Mutator['apply'] {
  return (rng, data) => {
    const message = splitMessage(data);
    return change(rng, message) ? joinMessage(message) : undefined;
  };
}

/** Mutators of the header lines: duplicated, deleted, repeated, reordered, folded, broken apart. */
export const lineMutators: Mutator[] = [
  {
    name: 'duplicate-header',
    weight: 3,
    apply: onLines((rng, message) => {
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const copy = rng.chance(0.5) ? message.lines[i]! : withValue(message.lines[i]!, `${valueOf(message.lines[i]!)}x`);
      message.lines.splice(rng.int(0, message.lines.length), 0, copy);
      return true;
    }),
  },
  {
    name: 'delete-header',
    weight: 3,
    apply: onLines((rng, message) => {
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      message.lines.splice(i, 1);
      return true;
    }),
  },
  {
    name: 'repeat-header',
    weight: 1,
    apply: onLines((rng, message) => {
      // Many lines of one header: reading them all must stay linear (issue 7: 50,000 lines stalled the UA).
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const count = rng.weighted([[rng.int(10, 100), 6], [rng.int(100, 1000), 3], [rng.int(1000, 3000), 1]] as const);
      message.lines.splice(i, 0, ...Array.from({ length: count }, () => message.lines[i]!));
      return true;
    }),
  },
  {
    name: 'many-values',
    weight: 1,
    apply: onLines((rng, message) => {
      // The same list header as one long comma-separated line.
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const value = valueOf(message.lines[i]!);
      message.lines[i] = withValue(message.lines[i]!, Array.from({ length: rng.int(10, 1000) }, () => value).join(', '));
      return true;
    }),
  },
  {
    name: 'swap-headers',
    weight: 1,
    apply: onLines((rng, message) => {
      if (message.lines.length < 2) return false;
      const a = rng.below(message.lines.length);
      const b = rng.below(message.lines.length);
      [message.lines[a], message.lines[b]] = [message.lines[b]!, message.lines[a]!];
      return true;
    }),
  },
  {
    name: 'fold-header',
    weight: 1,
    apply: onLines((rng, message) => {
      // RFC 3261 §7.3.1 line folding, sometimes where it is not allowed (after the name, first line).
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const line = message.lines[i]!;
      const at = rng.int(0, line.length);
      message.lines[i] = `${line.slice(0, at)}\r\n${rng.pick([' ', '\t', '   '])}${line.slice(at)}`;
      return true;
    }),
  },
  {
    name: 'bare-cr-in-value',
    weight: 3,
    apply: onLines((rng, message) => {
      // issue 7: `Call-ID: abc<CR>def`, a bare CR the 400 copies.
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const line = message.lines[i]!;
      const colon = line.indexOf(':');
      const at = rng.int(colon + 1, line.length);
      message.lines[i] = `${line.slice(0, at)}${rng.pick(['\r', '\n', '\r\r', '\0'])}${line.slice(at)}`;
      return true;
    }),
  },
  {
    name: 'lf-line-ends',
    weight: 1,
    apply(rng, data) {
      // Bare LF line ends, everywhere or in the head only (some stacks send them).
      return rng.chance(0.5) ? data.replace(/\r\n/g, '\n') : data.replace(/\r\n(?=[^\r])/, '\n');
    },
  },
  {
    name: 'odd-header-name',
    weight: 1,
    apply: onLines((rng, message) => {
      const i = pickLine(rng, message);
      if (i === undefined) return false;
      const line = message.lines[i]!;
      const name = lineName(line) ?? 'x';
      const value = line.slice(line.indexOf(':') + 1);
      const spelling = rng.pick([name.toUpperCase(), `${name} `, `${name}\t`, name[0] ?? 'x', `${name}:`, '', ' ', `X-${name}`, `${name}\0`]);
      message.lines[i] = `${spelling}:${value}`;
      return true;
    }),
  },
];
