import { describe, expect, it } from 'vitest';
import { dropTextOnlyArrays } from '../../codegen/optimise-parser.js';

// The shape peggy emits for `$(x)+`: the matches collected in s1, then only its failure read.
const TEXT_OF_REPETITION = [
  'function peg$parserun() {',
  '  s0 = peg$currPos;',
  '  s1 = [];',
  '  s2 = peg$parsex();',
  '  if (s2 !== peg$FAILED) {',
  '    while (s2 !== peg$FAILED) {',
  '      s1.push(s2);',
  '      s2 = peg$parsex();',
  '    }',
  '  } else {',
  '    s1 = peg$FAILED;',
  '  }',
  '  if (s1 !== peg$FAILED) {',
  '    s0 = input.substring(s0, peg$currPos);',
  '  } else {',
  '    s0 = s1;',
  '  }',
  '  return s0;',
  '}',
].join('\n');

describe('dropTextOnlyArrays (codegen)', () => {
  it('builds no array for a repetition whose text alone is taken', () => {
    const { source, dropped } = dropTextOnlyArrays(TEXT_OF_REPETITION);
    expect(dropped).toBe(1);
    expect(source).toBe(TEXT_OF_REPETITION.replace('  s1 = [];', '  s1 = true;').replace('      s1.push(s2);\n', ''));
  });

  it('leaves a repetition whose matches are read', () => {
    const read = TEXT_OF_REPETITION.replace('    s0 = input.substring(s0, peg$currPos);', '    s0 = peg$f1(s1);');
    expect(dropTextOnlyArrays(read)).toEqual({ source: read, dropped: 0 });
    const readAfter = TEXT_OF_REPETITION.replace('  return s0;', '  s3 = s1.length;\n  return s0;');
    expect(dropTextOnlyArrays(readAfter)).toEqual({ source: readAfter, dropped: 0 });
  });
});
