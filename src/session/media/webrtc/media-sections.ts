import { parse } from 'sdp-transform';
import { directionOf, type MediaDirection } from '../../sdp/direction.js';

/**
 * RFC 3551 §6: the static payload types of audio and video a description may use without an
 * rtpmap line, by the encoding name an rtpmap would give.
 */
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'PCMU'],
  [3, 'GSM'],
  [4, 'G723'],
  [8, 'PCMA'],
  [9, 'G722'],
  [13, 'CN'],
  [18, 'G729'],
  [26, 'JPEG'],
  [31, 'H261'],
  [34, 'H263'],
]);

/**
 * Encodings that carry no media of their own (RFC 4733 events, RFC 3389 comfort noise, RFC 2198
 * redundancy, RFC 4588 retransmission, RFC 5109 FEC): a stream offering only these has nothing to play.
 */
const AUXILIARY_ENCODINGS: ReadonlySet<string> = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);

/** One m= section as this handler reads it. */
export interface MediaSection {
  kind: string;
  /** Its a=mid (RFC 5888), else its index as a string: what `RTCRtpTransceiver.mid` matches. */
  mid: string;
  /** Port 0: the section is rejected or disabled (RFC 3264 §6, §8.2). */
  rejected: boolean;
  direction: MediaDirection;
  /** Its DTLS role attribute (RFC 4145 §4, RFC 8842 §5), or the session-level one. */
  setup: string | undefined;
  /** The encoding names of its payload types, static ones included. */
  encodings: string[];
}

/** The m= sections of a description, in order. */
export function mediaSections(sdp: string): MediaSection[] {
  const description = parse(sdp);
  return description.media.map((media, index) => {
    const mapped = new Map(media.rtp.map((rtp) => [rtp.payload, rtp.codec]));
    const encodings = String(media.payloads ?? '')
      .split(' ')
      .filter((token) => token !== '')
      .map(Number)
      .map((payload) => mapped.get(payload) ?? STATIC_PAYLOAD_TYPES.get(payload))
      .filter((name): name is string => name !== undefined);
    return {
      kind: media.type,
      mid: media.mid !== undefined ? String(media.mid) : String(index),
      rejected: media.port === 0,
      direction: directionOf(media, description),
      setup: media.setup ?? description.setup,
      encodings,
    };
  });
}

/** Whether a section carries media the platform can decode; `codecs` undefined means it cannot tell. */
export function isPlayable(section: MediaSection, codecs: readonly string[] | undefined): boolean {
  if (section.rejected || (section.kind !== 'audio' && section.kind !== 'video')) return false;
  const media = section.encodings.filter((name) => !AUXILIARY_ENCODINGS.has(name.toLowerCase()));
  if (codecs === undefined) return media.length > 0;
  const known = new Set(codecs.map((name) => name.toLowerCase()));
  return media.some((name) => known.has(name.toLowerCase()));
}

/** Whether an audio section in use offers RFC 4733 telephone-events. */
export function hasTelephoneEvent(sections: readonly MediaSection[]): boolean {
  return sections.some((section) => section.kind === 'audio' && !section.rejected && section.encodings.some((name) => name.toLowerCase() === 'telephone-event'));
}

/**
 * Whether a description is an offer by its DTLS roles: RFC 8842 §5.2–5.3 (RFC 5763 §5) has every
 * offer say `a=setup:actpass` and every answer `active` or `passive`. It tells the peer's offer
 * from its answer while ours is out (glare), where the signaling state cannot.
 */
export function offersDtlsRoles(sections: readonly MediaSection[]): boolean {
  return sections.some((section) => !section.rejected && section.setup === 'actpass');
}
