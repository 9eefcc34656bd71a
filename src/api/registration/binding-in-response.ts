import { SipParseError, type ContactHeader, type SipResponse } from '../../syntax/index.js';

function sameInstance(a: ContactHeader, b: ContactHeader): boolean {
  // A UUID URN compares case-insensitively (RFC 4122 §3); reg-id, when we sent one, must match too (RFC 5626 §6).
  const ours = a.instance;
  if (ours === undefined || b.instance?.toLowerCase() !== ours.toLowerCase()) return false;
  return a.regId === undefined || a.regId === b.regId;
}

function sameUser(a: ContactHeader, b: ContactHeader): boolean {
  return a.uri?.user !== undefined && a.uri.user === b.uri?.user;
}

/**
 * Our binding among the Contacts of a 2xx to REGISTER, which lists every current binding of the AOR
 * (RFC 3261 §10.3 step 8). Tried in order, each over all the Contacts: the same `+sip.instance` (and
 * `reg-id`) (RFC 5626 §6); an equal URI (RFC 3261 §19.1.4); the same user part, the legacy SIP.js rule,
 * which survives registrars and NAT helpers that rewrite the host and port (our user part is random).
 * Undefined when none matches or the Contacts are malformed.
 */
export function findBinding(response: SipResponse, ours: ContactHeader): ContactHeader | undefined {
  let listed: ContactHeader[];
  try {
    listed = response.headers('Contact').filter((c) => !c.star && c.uri !== undefined);
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
  const ourUri = ours.uri!;
  return (
    listed.find((c) => sameInstance(ours, c)) ??
    listed.find((c) => ourUri.equals(c.uri!)) ??
    listed.find((c) => sameUser(ours, c))
  );
}

/** RFC 3261 §25.1 delta-seconds: a non-negative integer; anything else counts as absent. */
function deltaSeconds(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A header's number, or undefined when absent or malformed (a bad optional header is not worth failing over). */
function headerSeconds(response: SipResponse, name: 'Expires' | 'Min-Expires'): number | undefined {
  try {
    return deltaSeconds(response.header(name)?.value);
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}

/**
 * The lifetime in seconds the registrar granted our binding (RFC 3261 §10.2.4): our Contact's `expires`
 * parameter, else the Expires header, else what we asked for. Undefined when the 2xx does not list our
 * binding at all.
 */
export function grantedExpires(response: SipResponse, ours: ContactHeader, requested: number): number | undefined {
  const binding = findBinding(response, ours);
  if (binding === undefined) return undefined;
  return deltaSeconds(binding.expires) ?? headerSeconds(response, 'Expires') ?? requested;
}

/** The Min-Expires of a 423 (RFC 3261 §10.2.8), or undefined when it has none or a malformed one. */
export function minExpires(response: SipResponse): number | undefined {
  return headerSeconds(response, 'Min-Expires');
}
