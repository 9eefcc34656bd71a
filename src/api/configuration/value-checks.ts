import { isToken } from '../../syntax/index.js';
import { supported, type SupportLevel } from '../constants/index.js';
import { isSingleLine, refuseInvalidHeaderValue } from '../../core/index.js';
import { ConfigurationError } from '../exceptions.js';

/**
 * Legacy rule: `null`, `''`, `undefined`, `NaN` and an empty array mean "use the default"
 * (UA.js loadConfig), so applications can pass optional values straight through.
 */
export function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value)) ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function checkBoolean(parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigurationError(parameter, value);
  return value;
}

/**
 * A whole number, as the legacy `isDecimal` check: a number or its decimal text, no fraction
 * (`"600"` is accepted, `1.5` and `"1e3"` are not), at least `min`.
 */
export function checkWholeNumber(parameter: string, value: unknown, min: number): number {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min) throw new ConfigurationError(parameter, value);
  return number;
}

/**
 * Text that ends up inside a header line: refused when it holds a control character but HTAB
 * (CR or LF would end the line early and let the value inject headers, RFC 3261 §7.3).
 */
export function checkLineText(parameter: string, value: unknown): string {
  if (typeof value !== 'string' || !isSingleLine(value)) throw new ConfigurationError(parameter, value);
  return value;
}

/**
 * Text written as the value of header `header` (`userAgentString` → User-Agent): one line, and a
 * value that header's grammar accepts, or no peer could read the header.
 */
export function checkHeaderValue(parameter: string, header: string, value: unknown): string {
  if (typeof value !== 'string') throw new ConfigurationError(parameter, value);
  try {
    refuseInvalidHeaderValue(parameter, header, value);
  } catch (error) {
    if (error instanceof TypeError) throw new ConfigurationError(parameter, value);
    throw error;
  }
  return value;
}

/** As `checkLineText`, also taking a finite number as its text (legacy allowed `displayName: 0`). */
export function checkLineTextOrNumber(parameter: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return checkLineText(parameter, value);
}

/** An RFC 3261 §25.1 token (option tags, transport names). */
export function checkToken(parameter: string, value: unknown): string {
  if (typeof value !== 'string' || !isToken(value)) throw new ConfigurationError(parameter, value);
  return value;
}

const SUPPORT_LEVELS: ReadonlySet<unknown> = new Set(Object.values(supported));

/**
 * `'none'`, `'supported'` or `'required'`. The legacy library silently read anything else as
 * `'none'`; a typo like `'require'` then disabled the extension unnoticed, so it is refused here.
 */
export function checkSupportLevel(parameter: string, value: unknown): SupportLevel {
  if (!SUPPORT_LEVELS.has(value)) throw new ConfigurationError(parameter, value);
  return value as SupportLevel;
}

/** A plain object (not an array, not a function). */
export function checkObject(parameter: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigurationError(parameter, value);
  return value as Record<string, unknown>;
}

export function checkFunction<F extends (...args: never[]) => unknown>(parameter: string, value: unknown): F {
  if (typeof value !== 'function') throw new ConfigurationError(parameter, value);
  return value as F;
}
