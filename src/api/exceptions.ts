import { hidePasswords } from '../transport/index.js';

/**
 * `SIP.Exceptions`: the errors the legacy SIP.js API throws (src/Exceptions.js). They keep the
 * legacy `code` and `name` so ported code that tests `e.code === 1` or `e.name` still works,
 * and are real `Error` subclasses (with a stack) so `instanceof Error` holds too.
 */

/**
 * An invalid configuration value (legacy code 1). `value` is what the application passed; `detail`,
 * when given, says what is wrong with it. The message shows a password written into a URL or a SIP
 * URI as NOT SHOWN (`value` keeps it: it is the application's own).
 */
export class ConfigurationError extends Error {
  readonly code = 1;
  override readonly name = 'CONFIGURATION_ERROR';
  readonly parameter: string;
  readonly value: unknown;

  constructor(parameter: string, value?: unknown, detail?: string) {
    // Legacy wording: "Missing parameter: x" when no value was given, else the value as JSON.
    const text = value === undefined ? `Missing parameter: ${parameter}` : `Invalid value ${describeValue(value)} for parameter "${parameter}"`;
    super(hidePasswords(detail === undefined ? text : `${text}: ${detail}`));
    this.parameter = parameter;
    this.value = value;
  }
}

/** An operation not allowed in the object's current status (legacy code 2), e.g. `accept()` on a terminated session. */
export class InvalidStateError extends Error {
  readonly code = 2;
  override readonly name = 'INVALID_STATE_ERROR';
  readonly status: number;

  constructor(status: number) {
    super(`Invalid status: ${status}`);
    this.status = status;
  }
}

/** A feature the platform or the peer does not support (legacy code 3), e.g. WebRTC missing. */
export class NotSupportedError extends Error {
  readonly code = 3;
  override readonly name = 'NOT_SUPPORTED_ERROR';
}

/** The media handler could not produce a session description (legacy code 4; deprecated there, kept for porting). */
export class GetDescriptionError extends Error {
  readonly code = 4;
  override readonly name = 'GET_DESCRIPTION_ERROR';
}

/** A re-INVITE (hold, unhold) that cannot start now, e.g. while another offer is pending (legacy code 5). */
export class RenegotiationError extends Error {
  readonly code = 5;
  override readonly name = 'RENEGOTIATION_ERROR';
}

/** JSON where possible (the legacy message format); functions, symbols and cycles fall back to String(). */
function describeValue(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // A cyclic object: String() below still names it.
  }
  return String(value);
}

/** The legacy namespace shape: `new SIP.Exceptions.ConfigurationError('uri', 'x')`. */
export const Exceptions = {
  ConfigurationError,
  InvalidStateError,
  NotSupportedError,
  GetDescriptionError,
  RenegotiationError,
} as const;
