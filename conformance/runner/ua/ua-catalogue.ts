/**
 * The UAs the runner can put under test (`--ua`), and what each implements. A scenario whose
 * `needsUa` names a feature a UA lacks is reported skipped for that UA, with the reason here —
 * never passed.
 */
export interface UaDescription {
  name: string;
  /** One line for the report. */
  title: string;
  features: string[];
  /** Why a feature is missing, by feature. */
  missing: Record<string, string>;
}

/** Features a scenario may need beyond registration, OPTIONS and MESSAGE. */
export const UA_FEATURES: Record<string, string> = {
  calls: 'INVITE, its answer, ACK, BYE and CANCEL',
  media: 'a media handler that sends and receives RTP',
  hold: 'hold and unhold by re-INVITE',
  glare: 'a re-INVITE that meets the peer’s (491) and is retried',
  'dtmf-info': 'DTMF by SIP INFO',
  'dtmf-rfc4733': 'DTMF as RFC 4733 events in the media',
  'early-media': 'early media from a 183 with SDP',
  'invite-without-sdp': 'an INVITE without SDP (the offer in the 2xx, the answer in the ACK)',
  transfer: 'REFER sent and received (refer, followRefer) with the sipfrag NOTIFYs of the implicit subscription',
  replaces: 'INVITE with Replaces matched against its dialogs (option replaces)',
  update: 'UPDATE (RFC 3311) sent by session.update() and answered',
  'session-timers': 'session timers (RFC 4028): Session-Expires, Min-SE, 422 and refreshes',
  subscribe: 'ua.subscribe() with refresh() and unsubscribe() (RFC 6665)',
  udp: 'a SIP transport over UDP (a udp: server), so that a peer can send it datagrams directly',
};

export const UAS: Record<string, UaDescription> = {
  sipforge: {
    name: 'sipforge',
    title: 'sipforge (this checkout, src/node.ts), with its Node RTP media handler',
    features: ['calls', 'media', 'hold', 'glare', 'dtmf-info', 'dtmf-rfc4733', 'early-media', 'invite-without-sdp', 'transfer', 'replaces', 'update', 'session-timers', 'subscribe', 'udp'],
    missing: {},
  },
  'sip.js-0.7.8': {
    name: 'sip.js-0.7.8',
    title: 'SIP.js 0.7.8 (the legacy library, npm alias sip.js-0.7.8), in Node with ws as its WebSocket',
    features: ['calls', 'hold', 'glare', 'dtmf-info', 'invite-without-sdp', 'early-media', 'transfer', 'replaces', 'subscribe'],
    missing: {
      media: 'its media handler is WebRTC only: in Node the driver gives it a handler that carries SDP text and no RTP',
      'dtmf-rfc4733': 'it sends RFC 4733 digits only through a WebRTC RTCDTMFSender',
      update: 'it has no UPDATE (RFC 3311): no session.update(), and an UPDATE it receives goes unanswered',
      'session-timers': 'it implements no session timers (RFC 4028): no Session-Expires, no refresh, no 422',
      udp: 'its only transport is WebSocket: a SIPp cannot send it datagrams',
    },
  },
};

/** Why `ua` cannot run a scenario that needs `feature`. */
export function missingFeatureReason(ua: UaDescription, feature: string): string {
  return ua.missing[feature] ?? `needs ${UA_FEATURES[feature] ?? feature}, which ${ua.name} lacks`;
}
