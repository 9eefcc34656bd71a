import { GENERATED_BANNER } from './naming.js';

/** Typings for the peggy output, which is plain JavaScript. */
export const parserTypings = `${GENERATED_BANNER}export interface ParseOptions {
  startRule?: string;
}

export interface GrammarLocation {
  start: { offset: number; line: number; column: number };
  end: { offset: number; line: number; column: number };
}

export declare class SyntaxError extends Error {
  readonly expected: unknown;
  readonly found: string | null;
  readonly location: GrammarLocation;
}

export declare const StartRules: readonly string[];

export declare function parse(input: string, options?: ParseOptions): unknown;
`;

/** The single entry from generated classes into the parser: every failure becomes a SipParseError. */
export const parseRuleModule = `${GENERATED_BANNER}import { SipParseError, excerpt } from '../src/syntax/values/index.js';
import { parse, SyntaxError as GrammarSyntaxError } from './parser.js';

// One options object per start rule, made once: parse() runs for every header of every message.
const optionsByRule = new Map<string, { startRule: string }>();

function optionsFor(rule: string): { startRule: string } {
  let options = optionsByRule.get(rule);
  if (options === undefined) {
    options = { startRule: rule };
    optionsByRule.set(rule, options);
  }
  return options;
}

function parseError(rule: string, text: string, error: unknown): SipParseError {
  if (error instanceof GrammarSyntaxError) {
    const offset = error.location.start.offset;
    return new SipParseError(\`invalid \${rule} at offset \${offset} ("\${excerpt(text, offset)}"): \${error.message}\`, {
      offset,
      rule,
      cause: error,
    });
  }
  // Deeply nested input can exhaust the stack inside the grammar: still a parse failure, not a crash.
  return new SipParseError(\`invalid \${rule}: \${error instanceof Error ? error.message : String(error)}\`, {
    offset: 0,
    rule,
    cause: error,
  });
}

/** Run one start rule of the grammar over \`text\`; any failure is reported as a SipParseError naming the rule. */
export function parseRule(rule: string, text: string): unknown {
  try {
    return parse(text, optionsFor(rule));
  } catch (error) {
    throw parseError(rule, text, error);
  }
}

/** As parseRule, but a failure is returned, not thrown: the informational headers keep such a value as text. */
export function tryParseRule(rule: string, text: string): unknown {
  try {
    return parse(text, optionsFor(rule));
  } catch (error) {
    return parseError(rule, text, error);
  }
}
`;
