import type { ExtraHeaders } from '../../core/index.js';
import { headerKey } from '../../syntax/index.js';

function isContentTypeLine(line: unknown): line is string {
  if (typeof line !== 'string') return false;
  const colon = line.indexOf(':');
  // headerKey folds case and the compact form `c` (RFC 3261 §7.3.3).
  return colon > 0 && headerKey(line.slice(0, colon).trim()) === 'content-type';
}

/**
 * The extra header lines and the body's type as the core takes them. Legacy applications gave the type as
 * an extra header (`'Content-Type: application/json'`), which the core owns; when no `contentType` option is
 * given, such a line becomes it (its value is checked by the request builder like any content type). Every
 * other line is checked later by `parseExtraHeaders` (TypeError naming the bad entry).
 */
export function splitExtraHeaders(
  extraHeaders: ExtraHeaders | undefined,
  contentType: string | undefined,
): { extraHeaders: ExtraHeaders | undefined; contentType: string | undefined } {
  if (extraHeaders === undefined) return { extraHeaders, contentType };
  if (!Array.isArray(extraHeaders)) throw new TypeError('extraHeaders must be an array of "Name: value" strings');
  if (contentType !== undefined) return { extraHeaders, contentType };
  const typeLines = extraHeaders.filter(isContentTypeLine);
  if (typeLines.length === 0) return { extraHeaders, contentType };
  if (typeLines.length > 1) throw new TypeError('extraHeaders may name the Content-Type once only');
  const line = typeLines[0]!;
  return {
    extraHeaders: extraHeaders.filter((l) => l !== line),
    contentType: line.slice(line.indexOf(':') + 1).trim(),
  };
}
