/**
 * What a server can do for the scenarios (a target's `capabilities` in its target.json, or the
 * user's `--config`). A scenario whose `needsServer` names one the server lacks is skipped with the
 * description here as the reason.
 */
export const SERVER_CAPABILITIES: Record<string, string> = {
  register: 'a registrar with digest authentication (REGISTER → 401 → 200)',
  'unregister-all': 'removal of every binding of an AOR (Contact: *, RFC 3261 §10.2.2)',
  'short-expires': 'registrations granted for 10 s or less, longer than asked (a refresh within the scenario)',
  'options-server': 'answers OPTIONS addressed to the server itself',
  'message-relay': 'MESSAGE routed between users',
  'sipp-peer': 'a user SIPp can register over UDP and be called at, and send requests through',
  'transparent-proxy': 'a proxy that relays responses and requests as they are (200 before 180, retransmitted 2xx, crafted messages)',
  'invite-challenge': 'INVITEs from users challenged with 401 or 407',
  'call-relay': 'calls routed between registered users',
  echo: 'an extension that answers and echoes the media back',
  playback: 'an extension that answers and plays a prompt',
};

/** The reason a scenario is skipped for a capability the server lacks. */
export function missingCapabilityReason(capability: string): string {
  return `the server lacks ${SERVER_CAPABILITIES[capability] ?? capability} (capability "${capability}")`;
}
