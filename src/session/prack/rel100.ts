import type { SipMessage, SipRequest, SipResponse } from '../../syntax/index.js';

/** The legacy `rel100` option (RFC 3262): reliable provisional responses not used, supported, or required. */
export type Rel100 = 'none' | 'supported' | 'required';

/** The option tag of RFC 3262 §7. */
export const REL100_TAG = '100rel';

/** Whether `header` (Require or Supported) of `message` lists 100rel; a header that does not parse lists nothing. */
export function lists100rel(message: SipMessage, header: 'Require' | 'Supported'): boolean {
  try {
    return message.headers(header).some((value) => value.value.toLowerCase() === REL100_TAG);
  } catch {
    return false;
  }
}

/** The RSeq of a reliable provisional response (RFC 3262 §4: a 101–199 with `Require: 100rel` and an RSeq); undefined otherwise. */
export function reliableRSeq(response: SipResponse): number | undefined {
  if (response.status <= 100 || response.status >= 200 || !lists100rel(response, 'Require')) return undefined;
  try {
    return response.header('RSeq')?.value;
  } catch {
    // RFC 3262 §7.1: an RSeq that does not parse makes no reliable response; it is taken as an unreliable one.
    return undefined;
  }
}

/**
 * Whether a provisional response of `status` to `invite` goes reliably (RFC 3262 §3): never a 100; always
 * when the INVITE requires 100rel; when it only supports it, if the application asks (legacy
 * `progress({ rel100: true })`) or the UA requires 100rel; never when the UA does not use it or the
 * caller does not support it.
 */
export function sendsReliably(level: Rel100, invite: SipRequest, status: number, asked: boolean | undefined): boolean {
  if (status <= 100 || level === 'none') return false;
  if (lists100rel(invite, 'Require')) return true;
  if (!lists100rel(invite, 'Supported')) return false;
  return asked === true || level === 'required';
}

/** RFC 3262 §3: a UA that requires 100rel refuses (421) an INVITE that neither supports nor requires it. */
export function lacks100rel(level: Rel100, invite: SipRequest): boolean {
  return level === 'required' && !lists100rel(invite, 'Require') && !lists100rel(invite, 'Supported');
}
