/**
 * Peggy emits `parse()` as one big closure: every call re-creates the rule functions, the
 * literal and class tables and the expectation objects, which costs more than parsing a
 * short header. This pass moves all of that to module level, once; what is per-call state
 * (positions, failure records, the grammar's per-parse variables) becomes module-level
 * `let`s that `parse()` resets on entry. Parsing is synchronous and the grammar's actions do
 * not re-enter the parser, so sharing that state between calls is safe.
 */

const PARSE_START = 'function peg$parse(input, options) {\n';
const HOISTABLE_CONST = /^ {2}const (peg\$FAILED|peg\$c\d+|peg\$r\d+[ps]?|peg\$t\d+|peg\$e\d+|peg\$startRuleFunctions) =/;
const STATE = /^ {2}(?:let|const) ([\w$]+)(?: = ([\s\S]*?))?;\n\s*$/;

/** Split the body into top-level statements: each starts at a line indented by exactly two spaces. */
function statements(body: string): string[] {
  const out: string[] = [];
  for (const line of body.split(/(?<=\n)/)) {
    const startsStatement = /^ {2}[^ }\)\]]/.test(line);
    if (startsStatement || out.length === 0) out.push(line);
    else out[out.length - 1] += line;
  }
  return out;
}

function dedent(chunk: string): string {
  return chunk.replace(/^ {2}/gm, '');
}

// The two resets below allocate on every call in peggy's output. The position cache only
// ever holds more than its first entry after an error was located, and expectations are
// only recorded in the second, error-reporting pass, which starts from a fresh array.
const NO_EXPECTATIONS = '// Never written to: the first pass records no expectations (see optimise-parser.ts).\nconst peg$noExpectations = [];\n';
const RESETS: Array<[string, string]> = [
  [
    '  peg$posDetailsCache = [{ line: 1, column: 1 }];\n',
    '  if (peg$posDetailsCache === undefined || peg$posDetailsCache.length > 1) peg$posDetailsCache = [{ line: 1, column: 1 }];\n',
  ],
  ['  peg$maxFailExpected = options.peg$maxFailExpected || [];\n', '  peg$maxFailExpected = options.peg$maxFailExpected || peg$noExpectations;\n'],
];

function cheaperReset(statement: string): string {
  for (const [from, to] of RESETS) if (statement === from) return to;
  return statement;
}

export function hoistParserState(source: string): string {
  const start = source.indexOf(PARSE_START);
  if (start === -1) throw new Error('hoist-parser: peggy output changed shape (parse function)');
  const bodyStart = start + PARSE_START.length;
  const end = source.indexOf('\n}\n', bodyStart);
  const body = source.slice(bodyStart, end + 1);

  const hoisted: string[] = [];
  const stateNames: string[] = [];
  const inFunction: string[] = [];
  for (const chunk of statements(body)) {
    if (chunk.startsWith('  function ') || HOISTABLE_CONST.test(chunk)) {
      hoisted.push(dedent(chunk));
      continue;
    }
    const state = STATE.exec(chunk);
    if (state) {
      const [, name, init] = state;
      stateNames.push(name!);
      inFunction.push(`  ${name} = ${init ?? 'undefined'};\n`);
      continue;
    }
    inFunction.push(chunk);
  }

  const moduleState = ['input', 'options', ...stateNames].map((name) => `let ${name};\n`).join('') + NO_EXPECTATIONS;
  const parse =
    'function peg$parse(peg$input, peg$options) {\n' +
    '  input = peg$input;\n' +
    '  options = peg$options;\n' +
    inFunction.map(cheaperReset).join('') +
    '}\n';
  return source.slice(0, start) + moduleState + '\n' + hoisted.join('') + '\n' + parse + source.slice(end + 3);
}
