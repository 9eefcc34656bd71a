import type { LegacySip } from '../driver-api.js';

/** One SIP message in a UA's traceSip log. */
export interface TracedMessage {
  direction: 'sent' | 'received';
  text: string;
}

/** How the driver process loads one implementation of the legacy API and reads its log. */
export interface UaAdapter {
  SIP: LegacySip;
  /** Configuration every UA of this implementation gets (e.g. its media handler factory). */
  config(): Record<string, unknown>;
  /** Options of `invite()`, `accept()` and `progress()` that carry a plain audio SDP. */
  media: { invite(): Record<string, unknown>; accept(): Record<string, unknown>; progress(): Record<string, unknown> };
  /** The SIP message in one log line of the UA (traceSip), if there is one. */
  readTrace(category: string, content: string): TracedMessage | undefined;
}

let sessionCounter = 0;

/** A fresh o= session id (RFC 4566 §5.2). */
export function nextSessionId(): number {
  sessionCounter += 1;
  return 4000 + sessionCounter;
}

/**
 * A plain audio description (RFC 4566) at 127.0.0.1: PCMU, PCMA and telephone-event on a port nobody
 * reads — the signalling scenarios need a valid offer and answer, not media. `direction` gives the
 * hold forms (RFC 3264 §8.4).
 */
export function staticSdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv', version = 1, sessionId = nextSessionId()): string {
  return [
    'v=0',
    `o=- ${sessionId} ${version} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 40000 RTP/AVP 0 8 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    `a=${direction}`,
    '',
  ].join('\r\n');
}
