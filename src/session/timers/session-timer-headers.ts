import type { SipMessage } from '../../syntax/index.js';

/** RFC 4028 §4: the largest interval kept; a bigger one (up to 2³²−1 s) would overflow the platform's timers. */
export const MAX_SESSION_EXPIRES = 2_000_000;

/** A Session-Expires value as read from the wire (RFC 4028 §4). */
export interface SessionExpires {
  /** Seconds, at least 1. */
  seconds: number;
  /** The `refresher` parameter, lower-cased, when it is `uac` or `uas`. */
  refresher: 'uac' | 'uas' | undefined;
}

/** The Session-Expires of `message` (long or compact form `x`); undefined when absent, malformed, or 0 (untrusted input never throws here). */
export function sessionExpiresOf(message: SipMessage): SessionExpires | undefined {
  try {
    const header = message.header('Session-Expires') as { value: number; refresher: string | undefined } | undefined;
    if (header === undefined || !Number.isSafeInteger(header.value) || header.value < 1) return undefined;
    const refresher = header.refresher?.toLowerCase();
    return { seconds: Math.min(header.value, MAX_SESSION_EXPIRES), refresher: refresher === 'uac' || refresher === 'uas' ? refresher : undefined };
  } catch {
    return undefined;
  }
}

/** The Min-SE of `message` (RFC 4028 §5), or undefined when absent or malformed. */
export function minSeOf(message: SipMessage): number | undefined {
  try {
    const header = message.header('Min-SE') as { value: number } | undefined;
    if (header === undefined || !Number.isSafeInteger(header.value) || header.value < 1) return undefined;
    return Math.min(header.value, MAX_SESSION_EXPIRES);
  } catch {
    return undefined;
  }
}

/** Whether `message` lists `tag` in a Supported (or compact `k`) or Require header (RFC 3261 §20.37, §20.32). */
export function hasOptionTag(message: SipMessage, tag: string): boolean {
  return [...message.rawHeaders('Supported'), ...message.rawHeaders('Require')].some((value) =>
    value.split(',').some((token) => token.trim().toLowerCase() === tag),
  );
}

/** Whether the peer's Allow lists `method`; undefined when it sent no Allow (RFC 3261 §20.5). */
export function allowsMethod(message: SipMessage, method: string): boolean | undefined {
  const values = message.rawHeaders('Allow');
  if (values.length === 0) return undefined;
  return values.some((value) => value.split(',').some((token) => token.trim().toUpperCase() === method));
}
