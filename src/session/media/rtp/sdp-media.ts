// Reading and writing the SDP of an RTP/AVP audio call (RFC 4566, RFC 3264) with sdp-transform.
// Its types stay inside this file: the handler's public surface speaks only of its own.
import { parse, write, type MediaDescription, type SessionDescription as ParsedSdp } from 'sdp-transform';
import { IncompatibleDescriptionError } from '../../session-description-handler.js';
import { directionOf, type MediaDirection } from '../../sdp/direction.js';
import { STATIC_PAYLOAD_TYPES, type G711CodecName } from './g711-codec.js';

/** What an RTP payload type carries here: a G.711 codec or RFC 4733 telephone-events. */
export type AudioEncoding = G711CodecName | 'telephone-event';

export interface PayloadFormat {
  payloadType: number;
  encoding: AudioEncoding;
}

/** The shape of one m= line, kept so later descriptions have the same lines in the same order (RFC 3264 §6, §8). */
export interface MediaLine {
  type: string;
  protocol: string;
  payloads: string;
}

/** The audio stream of the peer's description that we use, and where to send to. */
export interface PeerAudio {
  /** Its m= line, counted from 0. */
  index: number;
  /** Where its RTP goes; undefined for `0.0.0.0`, the old way of holding (RFC 3264 §8.4). */
  address: string | undefined;
  port: number;
  rtcpAddress: string | undefined;
  rtcpPort: number;
  /** RTP and RTCP share the port (RFC 5761 §5.1.1: `a=rtcp-mux`). */
  rtcpMux: boolean;
  /** The formats we can use, in the peer's order. */
  formats: PayloadFormat[];
  direction: MediaDirection;
}

export interface PeerDescription {
  /** The o= line's username, session id and version: the same triple means the same description (RFC 3264 §8). */
  origin: string;
  lines: MediaLine[];
  audio: PeerAudio;
}

/** What `readPeerDescription` looks for. */
export interface PeerDescriptionExpectations {
  /** The codecs we may use: ours for an offer, the ones we offered for an answer. */
  codecs: readonly G711CodecName[];
  /** Whether telephone-events may be used (for an answer: whether we offered them). */
  telephoneEvent: boolean;
  /** Our address family: the peer's RTP address must be of the same (RFC 4566 §5.7 `IP4` / `IP6`). */
  ipVersion: 4 | 6;
}

const AUDIO_PROTOCOL = 'RTP/AVP';
const CLOCK_RATE = 8000;

/**
 * Read the peer's offer or answer: the first audio stream over RTP/AVP with a G.711 codec we may
 * use. Throws `IncompatibleDescriptionError` when there is none, or it has no address we can reach.
 */
export function readPeerDescription(body: string, expect: PeerDescriptionExpectations): PeerDescription {
  let sdp: Partial<ParsedSdp>;
  try {
    sdp = parse(body);
  } catch (error) {
    throw new IncompatibleDescriptionError(`the session description cannot be read: ${String(error)}`);
  }
  const media = Array.isArray(sdp.media) ? sdp.media : [];
  const lines = media.map(lineOf);
  let problem = 'it has no audio stream';
  for (let index = 0; index < media.length; index++) {
    const m = media[index]!;
    if (m.type !== 'audio') continue;
    if (!isPort(m.port) || m.port === 0) {
      problem = 'its audio stream is rejected (port 0)';
      continue;
    }
    if (m.protocol !== AUDIO_PROTOCOL) {
      problem = `its audio stream is ${String(m.protocol)}, not ${AUDIO_PROTOCOL}`;
      continue;
    }
    const formats = usableFormats(m, expect);
    if (!formats.some((f) => f.encoding !== 'telephone-event')) {
      problem = `its audio stream has none of ${expect.codecs.join(', ')}`;
      continue;
    }
    const connection = m.connection ?? sdp.connection;
    if (connection === undefined || typeof connection.ip !== 'string') throw new IncompatibleDescriptionError('its audio stream has no connection address (c=)');
    if (connection.version !== expect.ipVersion) {
      throw new IncompatibleDescriptionError(`its audio stream is on IP${String(connection.version)}, ours on IP${expect.ipVersion}`);
    }
    const address = unspecified(connection.ip.split('/')[0]!);
    const rtcpMux = m.rtcpMux === 'rtcp-mux';
    const rtcpPort = rtcpMux ? m.port : isPort(m.rtcp?.port) && m.rtcp.port > 0 ? m.rtcp.port : m.port + 1;
    const rtcpAddress = rtcpMux || typeof m.rtcp?.address !== 'string' ? address : unspecified(m.rtcp.address);
    return {
      origin: originOf(sdp),
      lines,
      audio: { index, address, port: m.port, rtcpAddress, rtcpPort, rtcpMux, formats, direction: directionOf(m, sdp) },
    };
  }
  throw new IncompatibleDescriptionError(`no usable audio stream: ${problem}`);
}

/** Our description: one audio stream, and the peer's other lines rejected with port 0 (RFC 3264 §6, §8.2). */
export interface LocalDescriptionParams {
  sessionId: number;
  version: number;
  address: string;
  ipVersion: 4 | 6;
  port: number;
  /** Every m= line, in order; the one at `audioIndex` is ours, the others are written with port 0. */
  lines: readonly MediaLine[];
  audioIndex: number;
  formats: readonly PayloadFormat[];
  direction: MediaDirection;
  rtcpMux: boolean;
  /** Packet duration we send, ms (RFC 4566 §6 `a=ptime`). */
  ptime: number;
}

export function writeLocalDescription(params: LocalDescriptionParams): string {
  const media: MediaDescription[] = params.lines.map((line, index) => {
    if (index !== params.audioIndex) return { type: line.type, port: 0, protocol: line.protocol, payloads: line.payloads, rtp: [], fmtp: [] };
    return {
      type: 'audio',
      port: params.port,
      protocol: AUDIO_PROTOCOL,
      payloads: params.formats.map((f) => f.payloadType).join(' '),
      rtp: params.formats.map((f) => ({ payload: f.payloadType, codec: f.encoding, rate: CLOCK_RATE })),
      // RFC 4733 §7.1.1: the events we send and receive, the DTMF digits and flash.
      fmtp: params.formats.filter((f) => f.encoding === 'telephone-event').map((f) => ({ payload: f.payloadType, config: '0-16' })),
      ptime: params.ptime,
      direction: params.direction,
      ...(params.rtcpMux ? { rtcpMux: 'rtcp-mux' as const } : {}),
    };
  });
  return write({
    version: 0,
    origin: { username: '-', sessionId: params.sessionId, sessionVersion: params.version, netType: 'IN', ipVer: params.ipVersion, address: params.address },
    name: '-',
    connection: { version: params.ipVersion, ip: params.address },
    timing: { start: 0, stop: 0 },
    media,
  });
}

/** The formats of our offer: the codecs in our order, then telephone-event (RFC 3551 §6 static types, RFC 4733 §7). */
export function offerFormats(codecs: readonly G711CodecName[], telephoneEventPayloadType: number | undefined): PayloadFormat[] {
  const formats: PayloadFormat[] = codecs.map((codec) => ({ payloadType: STATIC_PAYLOAD_TYPES[codec], encoding: codec }));
  if (telephoneEventPayloadType !== undefined) formats.push({ payloadType: telephoneEventPayloadType, encoding: 'telephone-event' });
  return formats;
}

/** The m= line of an offer, as our description writes it. */
export function audioLine(formats: readonly PayloadFormat[]): MediaLine {
  return { type: 'audio', protocol: AUDIO_PROTOCOL, payloads: formats.map((f) => f.payloadType).join(' ') };
}

function usableFormats(m: MediaDescription, expect: PeerDescriptionExpectations): PayloadFormat[] {
  const rtpmaps = Array.isArray(m.rtp) ? m.rtp : [];
  const formats: PayloadFormat[] = [];
  for (const token of String(m.payloads ?? '').split(' ')) {
    if (!/^\d{1,3}$/.test(token)) continue;
    const payloadType = Number(token);
    if (payloadType > 127 || formats.some((f) => f.payloadType === payloadType)) continue;
    const encoding = encodingOf(payloadType, rtpmaps.find((r) => r.payload === payloadType));
    if (encoding === undefined) continue;
    if (encoding === 'telephone-event' ? expect.telephoneEvent : expect.codecs.includes(encoding)) formats.push({ payloadType, encoding });
  }
  return formats;
}

function encodingOf(payloadType: number, rtpmap: MediaDescription['rtp'][number] | undefined): AudioEncoding | undefined {
  if (rtpmap === undefined) {
    // RFC 3551 §6: the static types need no rtpmap.
    if (payloadType === STATIC_PAYLOAD_TYPES.PCMU) return 'PCMU';
    if (payloadType === STATIC_PAYLOAD_TYPES.PCMA) return 'PCMA';
    return undefined;
  }
  if (rtpmap.rate !== CLOCK_RATE || (rtpmap.encoding !== undefined && rtpmap.encoding !== 1)) return undefined;
  const name = String(rtpmap.codec).toUpperCase();
  if (name === 'PCMU' || name === 'PCMA') return name;
  if (name === 'TELEPHONE-EVENT') return 'telephone-event';
  return undefined;
}

function lineOf(m: MediaDescription): MediaLine {
  const payloads = String(m.payloads ?? '').trim();
  return { type: String(m.type), protocol: String(m.protocol), payloads: payloads === '' ? '0' : payloads };
}

function originOf(sdp: Partial<ParsedSdp>): string {
  const o = sdp.origin;
  return o === undefined ? '' : `${String(o.username)} ${String(o.sessionId)} ${String(o.sessionVersion)}`;
}

function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535;
}

function unspecified(address: string): string | undefined {
  return address === '0.0.0.0' || address === '::' ? undefined : address;
}
