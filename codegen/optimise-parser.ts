/**
 * Speed passes over peggy's output. Each rewrites one exact shape of generated code into an
 * equivalent, faster one; the grammar stays the single source of syntax, and error messages
 * and offsets stay those of the grammar. Shapes that do not match are left as they are.
 */

/**
 * The code peggy emits for one test of a character class at the current position:
 * `sZ = input.charAt(peg$currPos); if (peg$rK.test(sZ)) { peg$currPos++; } else { sZ = peg$FAILED; … peg$fail(peg$eM) … }`.
 */
function classTest(first: boolean): string {
  const z = first ? '(?<z>s\\d+)' : '\\k<z>';
  const k = first ? '(?<k>\\d+)' : '\\k<k>';
  const m = first ? '(?<m>\\d+)' : '\\k<m>';
  return (
    `${z} = input\\.charAt\\(peg\\$currPos\\);\\s*` +
    `if \\(peg\\$r${k}\\.test\\(\\k<z>\\)\\) \\{\\s*peg\\$currPos\\+\\+;\\s*\\} else \\{\\s*` +
    `\\k<z> = peg\\$FAILED;\\s*if \\(peg\\$silentFails === 0\\) \\{ peg\\$fail\\(peg\\$e${m}\\); \\}\\s*\\}\\s*`
  );
}

const RUN_START = '^(?<indent> *)(?<text>s\\d+) = peg\\$currPos;\\s*(?<array>s\\d+) = \\[\\];\\s*';

const PLUS_IN_TEXT = new RegExp(
  RUN_START +
    classTest(true) +
    `if \\(\\k<z> !== peg\\$FAILED\\) \\{\\s*while \\(\\k<z> !== peg\\$FAILED\\) \\{\\s*\\k<array>\\.push\\(\\k<z>\\);\\s*` +
    classTest(false) +
    `\\}\\s*\\} else \\{\\s*\\k<array> = peg\\$FAILED;\\s*\\}\\s*` +
    `if \\(\\k<array> !== peg\\$FAILED\\) \\{\\s*\\k<text> = input\\.substring\\(\\k<text>, peg\\$currPos\\);\\s*\\} else \\{\\s*\\k<text> = \\k<array>;\\s*\\}`,
  'gm',
);

const STAR_IN_TEXT = new RegExp(
  RUN_START +
    classTest(true) +
    `while \\(\\k<z> !== peg\\$FAILED\\) \\{\\s*\\k<array>\\.push\\(\\k<z>\\);\\s*` +
    classTest(false) +
    `\\}\\s*\\k<text> = input\\.substring\\(\\k<text>, peg\\$currPos\\);`,
  'gm',
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
  const rewrite = (plus: boolean) => (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<'indent' | 'text' | 'k' | 'm', string>;
    const { indent, text, k, m } = groups;
    const cls = classes.get(k)!;
    const name = `peg$r${k}${plus ? 'p' : 's'}`;
    runs.add(`const ${name} = /${cls.body}${plus ? '+' : '*'}/y${cls.flags};`);
    const fail = `if (peg$silentFails === 0) { peg$fail(peg$e${m}); }`;
    const lines = plus
      ? [
          `${text} = peg$currPos;`,
          `${name}.lastIndex = peg$currPos;`,
          `if (${name}.test(input)) {`,
          `  peg$currPos = ${name}.lastIndex;`,
          `  ${fail}`,
          `  ${text} = input.substring(${text}, peg$currPos);`,
          `} else {`,
          `  ${text} = peg$FAILED;`,
          `  ${fail}`,
          `}`,
        ]
      : [
          `${text} = peg$currPos;`,
          `${name}.lastIndex = peg$currPos;`,
          `if (${name}.test(input)) { peg$currPos = ${name}.lastIndex; }`,
          fail,
          `${text} = input.substring(${text}, peg$currPos);`,
        ];
    return lines.map((line) => indent + line).join('\n');
  };
  let out = source.replace(PLUS_IN_TEXT, rewrite(true)).replace(STAR_IN_TEXT, rewrite(false));
  if (runs.size > 0) {
    const declarations = [...runs].sort().join('\n');
    out = out.replace(/(const peg\$r\d+ = [^\n]*\n)(?!const peg\$r)/, `$1${declarations}\n`);
  }
  return out;
}

const CHAR_TEST = /(s\d+) = input\.charAt\(peg\$currPos\);(\s*)if \(peg\$r(\d+)\.test\(\1\)\) \{/g;

/**
 * A single character-class test runs a regular expression on a one-character string. For
 * ASCII (nearly all of SIP) a 128-entry table built from that same expression answers
 * instead; other characters still go to the expression.
 */
function tableCharTests(source: string): string {
  const tables = new Set<string>();
  const out = source.replace(CHAR_TEST, (_all, z: string, space: string, k: string) => {
    tables.add(k);
    return (
      `${z} = input.charAt(peg$currPos);${space}` +
      `if (peg$t${k}[input.charCodeAt(peg$currPos)] === 1 || (input.charCodeAt(peg$currPos) > 127 && peg$r${k}.test(${z}))) {`
    );
  });
  if (tables.size === 0) return out;
  const declarations = [...tables]
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `  const peg$t${k} = peg$asciiTable(peg$r${k});`)
    .join('\n');
  const helper =
    '  function peg$asciiTable(re) {\n' +
    '    const table = new Uint8Array(128);\n' +
    '    for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) table[c] = 1;\n' +
    '    return table;\n' +
    '  }\n';
  if (!out.includes('\n  const peg$e0 = ')) throw new Error('optimise-parser: peggy output changed shape (expectations)');
  return out.replace('\n  const peg$e0 = ', `\n${declarations}\n${helper}  const peg$e0 = `);
}

const GUARDED_OPTIONAL = new RegExp(
  'function peg\\$parse(\\w+)\\(\\) \\{\\s*let [^;]+;\\s*s0 = peg\\$currPos;\\s*s1 = peg\\$currPos;\\s*peg\\$silentFails\\+\\+;\\s*' +
    's2 = input\\.charAt\\(peg\\$currPos\\);\\s*if \\(peg\\$t(\\d+)\\[input\\.charCodeAt\\(peg\\$currPos\\)\\] === 1 \\|\\|' +
    '[^\\n]*\\n(?:(?!\\n {2}function )[\\s\\S])*?if \\(s0 === peg\\$FAILED\\) \\{\\s*s0 = null;\\s*\\}\\s*return s0;\\s*\\}',
  'g',
);

/**
 * A rule of the shape `(&[class] …)?` (SWS, tried at every separator) returns null without
 * consuming anything unless the next character is in its class. Its callers test that
 * character themselves and skip the call in the common case; characters above 127 still
 * call, as the table covers ASCII only.
 */
function guardOptionalRules(source: string): string {
  let out = source;
  for (const m of source.matchAll(GUARDED_OPTIONAL)) {
    const [, rule, table] = m;
    const call = `peg$parse${rule}();`;
    const guarded = `(peg$t${table}[input.charCodeAt(peg$currPos)] === 1 || input.charCodeAt(peg$currPos) > 127 ? peg$parse${rule}() : null);`;
    out = out.split(` = ${call}`).join(` = ${guarded}`);
  }
  return out;
}

/**
 * A repetition inside `$( … )` (the text it matched) still collects its matches in an array that
 * nothing reads: the rule only asks whether it failed, then takes the input's substring. Where
 * the array is used for nothing else, it is not built (a `push` on a fresh array reserves 17
 * slots, for every user part, parameter and header value parsed).
 */
export function dropTextOnlyArrays(source: string): { source: string; dropped: number } {
  const lines = source.split('\n');
  const removed = new Set<number>();
  let dropped = 0;
  for (let i = 1; i < lines.length; i++) {
    const start = /^(\s*)(s\d+) = \[\];$/.exec(lines[i]!);
    const saved = /^\s*(s\d+) = peg\$currPos;$/.exec(lines[i - 1]!);
    if (start === null || saved === null) continue;
    const array = start[2]!;
    const text = saved[1]!;
    // `array` is a variable name like s12: nothing in it needs escaping.
    const uses = new RegExp(`\\b${array}\\b`);
    const takesText = `${text} = input.substring(${text}, peg$currPos);`;
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== takesText && !/^\s*function /.test(lines[end]!)) end++;
    if (end === lines.length || lines[end]!.trim() !== takesText) continue;
    const pushes: number[] = [];
    let readable = true;
    for (let j = i + 1; j < end && readable; j++) {
      const line = lines[j]!.trim();
      if (!uses.test(line)) continue;
      if (/^s\d+\.push\(s\d+\);$/.test(line) && line.startsWith(`${array}.push(`)) pushes.push(j);
      else if (line !== `${array} = peg$FAILED;` && line !== `if (${array} !== peg$FAILED) {`) readable = false;
    }
    // After the substring: at most `} else { text = array; }`, where the array is the failure itself.
    let after = end + 1;
    if (lines[after]?.trim() === '} else {' && lines[after + 1]?.trim() === `${text} = ${array};` && lines[after + 2]?.trim() === '}') after += 3;
    for (let j = after; j < lines.length && readable; j++) {
      const line = lines[j]!;
      if (/^\s*function /.test(line) || line.trim().startsWith(`${array} = `)) break;
      if (uses.test(line)) readable = false;
    }
    if (!readable || pushes.length === 0) continue;
    lines[i] = `${start[1]}${array} = true;`;
    for (const j of pushes) removed.add(j);
    dropped++;
  }
  return { source: lines.filter((_line, index) => !removed.has(index)).join('\n'), dropped };
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

export function optimiseParser(source: string): { source: string; classRuns: number; textOnlyArrays: number } {
  const before = (source.match(/\.push\(s\d+\);/g) ?? []).length;
  const scanned = scanClassRuns(source);
  const after = (scanned.match(/\.push\(s\d+\);/g) ?? []).length;
  const text = dropTextOnlyArrays(scanned);
  return { source: twoPassFailures(guardOptionalRules(tableCharTests(text.source))), classRuns: before - after, textOnlyArrays: text.dropped };
}
