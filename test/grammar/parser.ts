/**
 * The grammar under test. Until `npm run codegen` writes generated/parser.js the grammar is
 * compiled here with peggy's API; afterwards flip USE_GENERATED to true (one line) and the
 * tests run against the generated parser instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import peggy from 'peggy';
import { URI, Parameters } from '../../src/syntax/values/index.js';
import { headerCatalogue } from '../../grammar/headers.js';

const USE_GENERATED = true;

/** Every start rule of the contract: the four fixed ones plus one per catalogued header. */
export const startRules = ['RequestLine', 'StatusLine', 'URI', 'NameAddrOrAddrSpec', ...headerCatalogue.map((h) => h.rule)];

export interface GrammarParser {
  parse(input: string, options?: { startRule?: string }): unknown;
  SyntaxError: new (...args: never[]) => Error;
}

const GRAMMAR_IMPORT = 'import { URI, Parameters } from "../src/syntax/values/index.js";';

function compileGrammar(): GrammarParser {
  const path = fileURLToPath(new URL('../../grammar/sip.peggy', import.meta.url));
  const source = readFileSync(path, 'utf8');
  if (!source.includes(GRAMMAR_IMPORT)) throw new Error('grammar no longer imports the value classes as the contract says');
  // The ES module's import line becomes two function parameters, so the classes are the very
  // ones the tests import (instanceof holds) and no temporary file is needed.
  const code = peggy.generate(source.replace(GRAMMAR_IMPORT, ''), {
    output: 'source',
    format: 'commonjs',
    allowedStartRules: startRules,
  });
  const module = { exports: {} as GrammarParser };
  new Function('module', 'exports', 'URI', 'Parameters', code)(module, module.exports, URI, Parameters);
  return module.exports;
}

const generatedPath = '../../generated/parser.js';
export const parser: GrammarParser = USE_GENERATED
  ? ((await import(/* @vite-ignore */ generatedPath)) as GrammarParser)
  : compileGrammar();

/** Parse `input` from start rule `rule`. */
export function parse<T = any>(rule: string, input: string): T {
  return parser.parse(input, { startRule: rule }) as T;
}
