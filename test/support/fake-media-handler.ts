import { parse, write, type MediaDescription, type SessionDescription as ParsedSdp } from 'sdp-transform';
import {
  answerDirection,
  directionOf,
  holdsCall,
  IncompatibleDescriptionError,
  offerDirection,
  type DescriptionModifiers,
  type DtmfOptions,
  type MediaDirection,
  type MediaKinds,
  type SessionDescription,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerEvents,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerOptions,
  type SetDescriptionOptions,
} from '../../src/session/index.js';
import { Emitter } from '../../src/transport/index.js';

/** Our codecs: PCMU, PCMA (static payload types) and telephone-event (RFC 4733, dynamic 101). */
const CODECS = [
  { payload: 0, codec: 'PCMU', rate: 8000 },
  { payload: 8, codec: 'PCMA', rate: 8000 },
  { payload: 101, codec: 'telephone-event', rate: 8000 },
];

export interface FakeMediaOptions {
  /** The address and RTP port our descriptions name (nothing listens there). */
  address?: string;
  port?: number;
  /** The o= session id; the handler's number in its factory by default. */
  sessionId?: number;
  /** Offer telephone-event (RFC 4733), so that `sendDtmf` can work; default true. */
  telephoneEvent?: boolean;
  /** Make getDescription or setDescription reject with this error. */
  failGetDescription?: Error;
  failSetDescription?: Error;
}

/**
 * A media handler for tests of the signalling: it makes and reads real SDP (sdp-transform) — PCMU and
 * PCMA, telephone-event, the direction rules of src/session/sdp/direction.ts, o= version + 1 per
 * description — but carries no media. What it was asked is in `log`.
 */
export class FakeMediaHandler extends Emitter<SessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  readonly log: string[] = [];
  readonly sentDtmf: Array<{ tone: string } & DtmfOptions> = [];
  closed = false;
  /** Telephone-event is in the negotiated media. */
  telephoneEvent = false;
  private version = 0;
  private remoteDirection: MediaDirection = 'sendrecv';
  private remoteOfferPending = false;
  private localOfferPending = false;

  constructor(
    readonly options: SessionDescriptionHandlerOptions,
    private readonly fake: FakeMediaOptions & { sessionId: number },
  ) {
    super();
  }

  async getDescription(modifiers: DescriptionModifiers = {}): Promise<SessionDescription> {
    const hold = modifiers.hold === true;
    if (this.fake.failGetDescription !== undefined) throw this.fake.failGetDescription;
    let direction: MediaDirection;
    if (this.remoteOfferPending) {
      this.remoteOfferPending = false;
      direction = answerDirection(this.remoteDirection, hold);
      this.log.push(`answer ${direction}`);
    } else {
      this.localOfferPending = true;
      direction = offerDirection(hold, holdsCall(this.remoteDirection));
      this.log.push(`offer ${direction}`);
    }
    return { body: this.sdp(direction), contentType: 'application/sdp' };
  }

  async setDescription(description: SessionDescription, options: SetDescriptionOptions = {}): Promise<void> {
    if (this.fake.failSetDescription !== undefined) throw this.fake.failSetDescription;
    const session = parse(description.body);
    const audio = (session.media ?? []).find((m) => m.type === 'audio' && m.port !== 0);
    if (audio === undefined) throw new IncompatibleDescriptionError('no audio stream');
    const payloads = String(audio.payloads ?? '').split(/\s+/).map(Number);
    if (!payloads.some((p) => p === 0 || p === 8)) throw new IncompatibleDescriptionError('no common codec (PCMU, PCMA)');
    this.telephoneEvent = (this.fake.telephoneEvent ?? true) && (audio.rtp ?? []).some((r) => r.codec.toLowerCase() === 'telephone-event');
    this.remoteDirection = directionOf(audio, session);
    const kind = this.localOfferPending ? (options.provisional === true ? 'early answer' : 'answer') : 'offer';
    if (!this.localOfferPending) this.remoteOfferPending = true;
    else if (options.provisional !== true) this.localOfferPending = false;
    this.log.push(`set ${kind} ${this.remoteDirection}`);
  }

  rollbackDescription(): void {
    this.localOfferPending = false;
    this.remoteOfferPending = false;
    this.log.push('rollback');
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  sendDtmf(tones: string, options: DtmfOptions): boolean {
    if (!this.telephoneEvent) return false;
    this.sentDtmf.push({ tone: tones, ...options });
    return true;
  }

  mute(kinds: MediaKinds = {}): void {
    this.log.push(`mute ${JSON.stringify(kinds)}`);
  }

  unmute(kinds: MediaKinds = {}): void {
    this.log.push(`unmute ${JSON.stringify(kinds)}`);
  }

  close(): void {
    if (!this.closed) this.log.push('close');
    this.closed = true;
  }

  /** Our description: one audio stream, `direction`, o= version one higher each time. */
  private sdp(direction: MediaDirection): string {
    return fakeSdp({ ...this.fake, version: ++this.version, direction });
  }
}

/** The SDP a FakeMediaHandler writes: one audio stream (PCMU, PCMA, telephone-event unless turned off), ptime 20. */
export function fakeSdp(options: FakeMediaOptions & { sessionId: number; version: number; direction?: MediaDirection }): string {
  const address = options.address ?? '127.0.0.1';
  const codecs = CODECS.filter((c) => c.codec !== 'telephone-event' || (options.telephoneEvent ?? true));
  const media: MediaDescription = {
    type: 'audio',
    port: options.port ?? 40000,
    protocol: 'RTP/AVP',
    payloads: codecs.map((c) => c.payload).join(' '),
    rtp: codecs.map(({ payload, codec, rate }) => ({ payload, codec, rate })),
    fmtp: codecs.some((c) => c.payload === 101) ? [{ payload: 101, config: '0-16' }] : [],
    ptime: 20,
    direction: options.direction ?? 'sendrecv',
  };
  const session: ParsedSdp = {
    version: 0,
    origin: { username: '-', sessionId: options.sessionId, sessionVersion: options.version, netType: 'IN', ipVer: 4, address },
    name: '-',
    connection: { version: 4, ip: address },
    timing: { start: 0, stop: 0 },
    media: [media],
  };
  return write(session);
}

/** A factory of fake handlers, and the handlers it made, in order. */
export function fakeMediaFactory(options: FakeMediaOptions = {}): { factory: SessionDescriptionHandlerFactory; handlers: FakeMediaHandler[] } {
  const handlers: FakeMediaHandler[] = [];
  const factory: SessionDescriptionHandlerFactory = (handlerOptions) => {
    const handler = new FakeMediaHandler(handlerOptions, { ...options, sessionId: options.sessionId ?? 1000 + handlers.length });
    handlers.push(handler);
    return handler;
  };
  return { factory, handlers };
}

/** An SDP offer or answer as a peer would send it: PCMU (and telephone-event), `direction`, at 192.0.2.4. */
export function peerSdp(options: { direction?: MediaDirection; version?: number; codecs?: string; address?: string } = {}): string {
  const address = options.address ?? '192.0.2.4';
  const codecs = options.codecs ?? '0 101';
  return (
    'v=0\r\n' +
    `o=peer 77 ${options.version ?? 1} IN IP4 ${address}\r\n` +
    's=-\r\n' +
    `c=IN IP4 ${address}\r\n` +
    't=0 0\r\n' +
    `m=audio 4000 RTP/AVP ${codecs}\r\n` +
    (codecs.split(' ').includes('0') ? 'a=rtpmap:0 PCMU/8000\r\n' : '') +
    (codecs.split(' ').includes('101') ? 'a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n' : '') +
    `a=${options.direction ?? 'sendrecv'}\r\n`
  );
}
