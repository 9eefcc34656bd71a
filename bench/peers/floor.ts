// The floor: the least work any text-based SIP parser must do — decode the
// bytes, split into lines, find each header's colon. No contender can beat it
// by much, so ratios to it show how much each parser spends beyond framing.
import type { Contender } from '../contender.js';

export const floor: Contender = {
  key: 'floor',
  label: 'floor (decode+split+indexOf)',
  input: "Buffer → buf.toString('utf8')",
  reads: "header lines up to the blank line, indexOf(':') in each (counts them)",
  run(bytes) {
    const lines = bytes.toString('utf8').split('\r\n');
    let found = 0;
    // Line 0 is the start line; the head ends at the first empty line.
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.length === 0) break;
      if (line.indexOf(':') > 0) found++;
    }
    return found;
  },
};
