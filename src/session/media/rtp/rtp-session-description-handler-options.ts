import { isIP } from 'node:net';
import type { Clock } from '../../../transport/clock.js';
import type { G711CodecName } from './g711-codec.js';
import type { MediaSocketFactory } from './media-socket.js';

/** Options of the Node RTP media handler (`rtpSessionDescriptionHandlerFactory(options)`). */
export interface RtpSessionDescriptionHandlerOptions {
  /**
   * The address our RTP is bound to and that our SDP gives the peer (c= and o=, RFC 4566 §5.7):
   * it must be one the peer can reach. Default: the local address of the UA's connection to its
   * SIP server (the interface facing it), or `127.0.0.1` when that is unknown. Set it when the
   * media peer sits elsewhere than the server's side (a NAT's public address, with `bindAddress`).
   * An IPv6 address makes the media IPv6.
   */
  address?: string | undefined;
  /** Bind to this address instead of `address` (e.g. `0.0.0.0` when `address` is a NAT's public one). */
  bindAddress?: string | undefined;
  /** The UDP ports to choose from, inclusive; RTP takes an even one and RTCP the next. Default 10000–20000. */
  portRange?: { min: number; max: number } | undefined;
  /** The codecs we offer, in order of preference, and accept. Default `['PCMU', 'PCMA']`. */
  codecs?: readonly G711CodecName[] | undefined;
  /**
   * The dynamic payload type our offers give RFC 4733 telephone-events (96–127), default 101;
   * `false` to neither offer nor accept them (DTMF then goes by SIP INFO).
   */
  telephoneEventPayloadType?: number | false | undefined;
  /**
   * Seconds without RTP from the peer, while both directions are open, before `rtpTimeout` and
   * `failed` (RTP_TIMEOUT) are emitted so the session ends the call. Default 0: never.
   */
  rtpTimeout?: number | undefined;
  /** Longest a received packet waits for an earlier one in the jitter buffer, ms. Default 60. */
  jitterBufferDelay?: number | undefined;
  /** Where time comes from (tests give a FakeClock). Default the system clock. */
  clock?: Clock | undefined;
  /** Binds the UDP sockets (tests, custom networking). Default: Node `dgram` sockets. */
  socketFactory?: MediaSocketFactory | undefined;
}

/** The options with their defaults, checked. */
export interface ResolvedRtpOptions {
  address: string;
  ipVersion: 4 | 6;
  bindAddress: string;
  portRange: { min: number; max: number };
  codecs: readonly G711CodecName[];
  telephoneEventPayloadType: number | undefined;
  rtpTimeoutMs: number;
  jitterBufferDelayMs: number;
}

/** Check the options (they go into SDP and onto sockets) and fill in the defaults; throws on a bad one. */
export function resolveRtpOptions(options: RtpSessionDescriptionHandlerOptions): ResolvedRtpOptions {
  const address = options.address ?? '127.0.0.1';
  const ipVersion = isIP(address);
  if (ipVersion === 0) throw new TypeError(`RTP address must be an IPv4 or IPv6 address, not ${JSON.stringify(address)}`);
  const bindAddress = options.bindAddress ?? address;
  if (isIP(bindAddress) !== ipVersion) throw new TypeError(`RTP bindAddress ${JSON.stringify(bindAddress)} must be an IPv${ipVersion} address like ${address}`);
  const portRange = options.portRange ?? { min: 10000, max: 20000 };
  if (!isPort(portRange.min) || !isPort(portRange.max) || portRange.max - portRange.min < 1) {
    throw new RangeError(`RTP portRange must hold two consecutive ports in 1–65535, not ${JSON.stringify(portRange)}`);
  }
  const codecs = options.codecs ?? ['PCMU', 'PCMA'];
  if (codecs.length === 0 || codecs.some((c) => c !== 'PCMU' && c !== 'PCMA') || new Set(codecs).size !== codecs.length) {
    throw new TypeError(`RTP codecs must be PCMU and/or PCMA, each once, not ${JSON.stringify(codecs)}`);
  }
  const te = options.telephoneEventPayloadType ?? 101;
  if (te !== false && (!Number.isInteger(te) || te < 96 || te > 127)) throw new RangeError(`telephoneEventPayloadType must be a dynamic payload type (96–127) or false, not ${String(te)}`);
  const rtpTimeout = options.rtpTimeout ?? 0;
  if (!Number.isFinite(rtpTimeout) || rtpTimeout < 0) throw new RangeError(`rtpTimeout must be 0 or more seconds, not ${String(rtpTimeout)}`);
  const jitter = options.jitterBufferDelay ?? 60;
  if (!Number.isFinite(jitter) || jitter < 0 || jitter > 1000) throw new RangeError(`jitterBufferDelay must be 0–1000 ms, not ${String(jitter)}`);
  return {
    address,
    ipVersion: ipVersion as 4 | 6,
    bindAddress,
    portRange: { min: portRange.min, max: portRange.max },
    codecs: [...codecs],
    telephoneEventPayloadType: te === false ? undefined : te,
    rtpTimeoutMs: rtpTimeout * 1000,
    jitterBufferDelayMs: jitter,
  };
}

function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}
