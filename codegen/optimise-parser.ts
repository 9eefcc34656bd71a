/**
 * Speed passes over peggy's output. Each rewrites one exact shape of generated code into an
 * equivalent, faster one; the grammar stays the single source of syntax, and error messages
 * and offsets stay those of the grammar. Shapes that do not match are left as they are.
 */

/** A regex fragment matching a peggy temporary (`s12`). */
const S = '(s\\d+)';

/**
 * The code peggy emits for one test of a character class at the current position:
 * `sZ = input.charAt(peg$currPos); if (peg$rK.test(sZ)) { peg$currPos++; } else { sZ = peg$FAILED; … peg$fail(peg$eM) … }`.
 */
function classTest(zDef: string, z: string, k: string, m: string): string {
  return (
    `${zDef} = input\\.charAt\\(peg\\$currPos\\);\\s*` +
    `if \\(peg\\$r${k}\\.test\\(${z}\\)\\) \\{\\s*peg\\$currPos\\+\\+;\\s*\\} else \\{\\s*` +
    `${z} = peg\\$FAILED;\\s*if \\(peg\\$silentFails === 0\\) \\{ peg\\$fail\\(peg\\$e${m}\\); \\}\\s*\\}\\s*`
  );
}

const PLUS_IN_TEXT = new RegExp(
  `${S} = peg\\$currPos;\\s*${S} = \\[\\];\\s*` +
    classTest(S, '\\3', '(\\d+)', '(\\d+)') +
    `if \\(\\3 !== peg\\$FAILED\\) \\{\\s*while \\(\\3 !== peg\\$FAILED\\) \\{\\s*\\2\\.push\\(\\3\\);\\s*` +
    classTest('\\3', '\\3', '\\4', '\\5') +
    `\\}\\s*\\} else \\{\\s*\\2 = peg\\$FAILED;\\s*\\}\\s*` +
    `if \\(\\2 !== peg\\$FAILED\\) \\{\\s*\\1 = input\\.substring\\(\\1, peg\\$currPos\\);\\s*\\} else \\{\\s*\\1 = \\2;\\s*\\}`,
  'g',
);

const STAR_IN_TEXT = new RegExp(
  `${S} = peg\\$currPos;\\s*${S} = \\[\\];\\s*` +
    classTest(S, '\\3', '(\\d+)', '(\\d+)') +
    `while \\(\\3 !== peg\\$FAILED\\) \\{\\s*\\2\\.push\\(\\3\\);\\s*` +
    classTest('\\3', '\\3', '\\4', '\\5') +
    `\\}\\s*\\1 = input\\.substring\\(\\1, peg\\$currPos\\);`,
  'g',
);

const CLASS_DECLARATION = /const peg\$r(\d+) = \/\^(\[(?:[^\]\\]|\\.)*\])\/([a-z]*);/g;

/**
 * `$[class]+` and `$[class]*` — the text of a run of one character class — become one sticky
 * regular expression scan instead of a per-character test that also builds an array.
 * The failure recorded where the run stops is kept, so error messages are unchanged.
 */
function scanClassRuns(source: string): string {
  const classes = new Map<string, { body: string; flags: string }>();
  for (const m of source.matchAll(CLASS_DECLARATION)) classes.set(m[1]!, { body: m[2]!, flags: m[3]! });
  const runs = new Set<string>();
  const rewrite = (plus: boolean) => (_all: string, text: string, _arr: string, _z: string, k: string, m: string) => {
    const name = `peg$r${k}${plus ? 'p' : 's'}`;
    runs.add(`const ${name} = /${classes.get(k)!.body}${plus ? '+' : '*'}/y${classes.get(k)!.flags};`);
    const scan = `${name}.lastIndex = peg$currPos;\n` + `if (${name}.test(input)) { peg$currPos = ${name}.lastIndex; }\n`;
    const trailingFail = `if (peg$silentFails === 0) { peg$fail(peg$e${m}); }\n`;
    if (plus) {
      return (
        `${text} = peg$currPos;\n${name}.lastIndex = peg$currPos;\n` +
        `if (${name}.test(input)) {\npeg$currPos = ${name}.lastIndex;\n${trailingFail}${text} = input.substring(${text}, peg$currPos);\n` +
        `} else {\n${text} = peg$FAILED;\n${trailingFail}}`
      );
    }
    return `${text} = peg$currPos;\n${scan}${trailingFail}${text} = input.substring(${text}, peg$currPos);`;
  };
  let out = source.replace(PLUS_IN_TEXT, rewrite(true)).replace(STAR_IN_TEXT, rewrite(false));
  if (runs.size > 0) {
    const declarations = [...runs].sort().join('\n');
    out = out.replace(/(const peg\$r\d+ = [^\n]*\n)(?!const peg\$r)/, `$1${declarations}\n`);
  }
  return out;
}

const START_CALL = '  peg$result = peg$startRuleFunction();\n';

/**
 * Peggy records every failed expectation as it goes, which costs time on the success path.
 * Parse once with failure recording off; only when that fails, parse again with it on to
 * build the error (same offset, same expectations). Actions are pure, so running twice is safe.
 */
function twoPassFailures(source: string): string {
  if (!source.includes(START_CALL)) throw new Error('optimise-parser: peggy output changed shape (start rule call)');
  return source.replace(
    START_CALL,
    '  const peg$startPos = peg$currPos;\n' +
      '  peg$silentFails++;\n' +
      START_CALL +
      '  peg$silentFails--;\n' +
      '  if (peg$result === peg$FAILED || peg$currPos !== input.length) {\n' +
      '    peg$currPos = peg$startPos;\n' +
      '    peg$maxFailPos = peg$startPos;\n' +
      '    peg$maxFailExpected = [];\n' +
      '  ' +
      START_CALL +
      '  }\n',
  );
}

export function optimiseParser(source: string): { source: string; classRuns: number } {
  const before = (source.match(/\.push\(s\d+\);/g) ?? []).length;
  const scanned = scanClassRuns(source);
  const after = (scanned.match(/\.push\(s\d+\);/g) ?? []).length;
  return { source: twoPassFailures(scanned), classRuns: before - after };
}
