import { isIP } from 'node:net';
import type { G711CodecName } from '../rtp/g711-codec.js';

/** Options of the Node WebRTC media handler (`weriftSessionDescriptionHandlerFactory(options)`). */
export interface WeriftSessionDescriptionHandlerOptions {
  /**
   * The codecs we offer, in order of preference, and accept: G.711 only (Opus would need a native
   * encoder this package does not depend on). Browsers offer and accept both. Default `['PCMU', 'PCMA']`.
   */
  codecs?: readonly G711CodecName[] | undefined;
  /** The payload type our offers give RFC 4733 telephone-events (96–127), default 101; `false`: none (DTMF by SIP INFO). */
  telephoneEventPayloadType?: number | false | undefined;
  /** The UDP ports ICE may bind, inclusive (two ports at least). Default: any the system gives. */
  icePortRange?: { min: number; max: number } | undefined;
  /**
   * Host addresses to gather candidates on beside the interfaces' (which leave out loopback), e.g.
   * `['127.0.0.1']` for a peer on the same machine only reachable there.
   */
  iceAdditionalHostAddresses?: readonly string[] | undefined;
  /** Gather IPv6 host candidates too. Default false. */
  ipv6?: boolean | undefined;
  /**
   * Longest ICE may take to connect once offer and answer are both applied, ms, before `failed`
   * (werift itself keeps waiting when every candidate pair failed). Default 30000.
   */
  iceConnectionTimeout?: number | undefined;
  /** Longest a received packet waits for an earlier one in the jitter buffer, ms. Default 60. */
  jitterBufferDelay?: number | undefined;
}

export interface ResolvedWeriftOptions {
  codecs: readonly G711CodecName[];
  telephoneEventPayloadType: number | undefined;
  icePortRange: [number, number] | undefined;
  iceAdditionalHostAddresses: string[] | undefined;
  ipv6: boolean;
  jitterBufferDelayMs: number;
  iceConnectionTimeoutMs: number;
}

/** Check the options (they go into SDP and onto sockets) and fill in the defaults; throws on a bad one. */
export function resolveWeriftOptions(options: WeriftSessionDescriptionHandlerOptions): ResolvedWeriftOptions {
  const codecs = options.codecs ?? ['PCMU', 'PCMA'];
  if (codecs.length === 0 || codecs.some((c) => c !== 'PCMU' && c !== 'PCMA') || new Set(codecs).size !== codecs.length) {
    throw new TypeError(`WebRTC codecs must be PCMU and/or PCMA, each once, not ${JSON.stringify(codecs)}`);
  }
  const te = options.telephoneEventPayloadType ?? 101;
  if (te !== false && (!Number.isInteger(te) || te < 96 || te > 127)) throw new RangeError(`telephoneEventPayloadType must be a dynamic payload type (96–127) or false, not ${String(te)}`);
  const range = options.icePortRange;
  if (range !== undefined && (!isPort(range.min) || !isPort(range.max) || range.max <= range.min)) {
    throw new RangeError(`icePortRange must hold two ports or more in 1–65535, not ${JSON.stringify(range)}`);
  }
  const extra = options.iceAdditionalHostAddresses;
  if (extra !== undefined && (!Array.isArray(extra) || extra.some((address) => typeof address !== 'string' || isIP(address) === 0))) {
    throw new TypeError(`iceAdditionalHostAddresses must be IP addresses, not ${JSON.stringify(extra)}`);
  }
  const jitter = options.jitterBufferDelay ?? 60;
  if (!Number.isFinite(jitter) || jitter < 0 || jitter > 1000) throw new RangeError(`jitterBufferDelay must be 0–1000 ms, not ${String(jitter)}`);
  const iceTimeout = options.iceConnectionTimeout ?? 30_000;
  if (!Number.isFinite(iceTimeout) || iceTimeout <= 0) throw new RangeError(`iceConnectionTimeout must be more than 0 ms, not ${String(iceTimeout)}`);
  return {
    codecs: [...codecs],
    telephoneEventPayloadType: te === false ? undefined : te,
    icePortRange: range === undefined ? undefined : [range.min, range.max],
    iceAdditionalHostAddresses: extra === undefined ? undefined : [...extra],
    ipv6: options.ipv6 === true,
    jitterBufferDelayMs: jitter,
    iceConnectionTimeoutMs: iceTimeout,
  };
}

function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}
