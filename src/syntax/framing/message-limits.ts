import { SipParseError, type RawMessageHead } from '../values/index.js';

/** How large a message a transport accepts from the network. */
export interface MessageLimits {
  /** Octets of the start line and header lines (the empty line that ends them not counted). */
  maxHeadBytes: number;
  /** Header lines; a folded line counts once. */
  maxHeaderLines: number;
  /** Octets of body (RFC 3261 §20.14 Content-Length; on a datagram without it, what follows the head). */
  maxBodyBytes: number;
}

/**
 * The defaults. Head and body each hold what the largest UDP datagram can (65,507 octets),
 * since RFC 3261 §18.1.1 asks every implementation to handle messages up to that size; larger
 * SIP messages are, in practice, an attack or a bug. 256 header lines leave room for the Via
 * and Record-Route lines of a request that went through the 70 hops Max-Forwards allows.
 */
export const DEFAULT_MESSAGE_LIMITS: Readonly<MessageLimits> = Object.freeze({
  maxHeadBytes: 64 * 1024,
  maxHeaderLines: 256,
  maxBodyBytes: 64 * 1024,
});

/** The defaults with `overrides` applied; throws RangeError naming a limit that is not a positive integer. */
export function messageLimits(overrides: Partial<MessageLimits> = {}): MessageLimits {
  const limits = { ...DEFAULT_MESSAGE_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

/** The `rule` of the SipParseError for a message over the limits; a UAS answers it 513 (RFC 3261 §21.5.7). */
export const MESSAGE_TOO_LARGE = 'message-size';

/** A message over the limits; with `head`, when it was split, so a UAS can answer it. */
export function tooLarge(what: string, head?: RawMessageHead): SipParseError {
  return new SipParseError(`message too large: ${what}`, { offset: 0, rule: MESSAGE_TOO_LARGE, head });
}
