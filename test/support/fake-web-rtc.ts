import { parse } from 'sdp-transform';
import { FakeClock } from '../../src/transport/fake-clock.js';
import type { WebRtcEnvironment } from '../../src/session/media/webrtc/index.js';

// A scripted stand-in for the browser's WebRTC objects, enough for the media handler's logic to run
// in Node: the test decides when ICE gathering ends and which ICE states the connection goes
// through, and reads what the handler asked of the peer connection.

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export class FakeTrack {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.readyState = 'ended';
  }
}

export class FakeStream {
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
}

export class FakeDtmfSender {
  canInsertDTMF = true;
  toneBuffer = '';
  readonly inserted: Array<{ tones: string; duration: number; gap: number }> = [];
  insertDTMF(tones: string, duration: number, gap: number): void {
    this.inserted.push({ tones, duration, gap });
    this.toneBuffer = tones;
  }
}

export class FakeSender {
  readonly dtmf: FakeDtmfSender | null;
  constructor(public track: FakeTrack | null) {
    this.dtmf = track?.kind === 'audio' ? new FakeDtmfSender() : null;
  }
  replaceTrack(track: FakeTrack | null): Promise<void> {
    this.track = track;
    return Promise.resolve();
  }
}

export class FakeTransceiver {
  mid: string | null = null;
  currentDirection: Direction | 'stopped' | null = null;
  constructor(
    readonly kind: 'audio' | 'video',
    public direction: Direction | 'stopped',
    readonly sender: FakeSender,
  ) {}
}

const reverse: Record<Direction, Direction> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };
/** JSEP (RFC 8829 §5.3.1): the answer's direction is the transceiver's, narrowed by the offer's mirror image. */
function intersect(ours: Direction, theirs: Direction): Direction {
  const send = (ours === 'sendrecv' || ours === 'sendonly') && (theirs === 'sendrecv' || theirs === 'sendonly');
  const receive = (ours === 'sendrecv' || ours === 'recvonly') && (theirs === 'sendrecv' || theirs === 'recvonly');
  return send && receive ? 'sendrecv' : send ? 'sendonly' : receive ? 'recvonly' : 'inactive';
}

/**
 * The SDP of a fake peer: one audio/video section per transceiver, opus (and telephone-event unless
 * told not to), DTLS role `actpass` in an offer and `active` in an answer (RFC 8842 §5).
 */
export function fakeSdp(
  type: 'offer' | 'answer',
  sessionId: string,
  version: number,
  sections: Array<{ kind: string; mid: string; direction: Direction; candidates?: string[] }>,
  telephoneEvent = true,
): string {
  let sdp = `v=0\r\no=- ${sessionId} ${version} IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;
  for (const section of sections) {
    const payloads = section.kind === 'audio' ? (telephoneEvent ? '111 126' : '111') : '96';
    sdp += `m=${section.kind} 9 UDP/TLS/RTP/SAVPF ${payloads}\r\nc=IN IP4 0.0.0.0\r\n`;
    for (const candidate of section.candidates ?? []) sdp += `a=candidate:${candidate}\r\n`;
    sdp += `a=setup:${type === 'offer' ? 'actpass' : 'active'}\r\na=mid:${section.mid}\r\na=${section.direction}\r\n`;
    if (section.kind === 'audio') sdp += `a=rtpmap:111 opus/48000/2\r\n${telephoneEvent ? 'a=rtpmap:126 telephone-event/8000\r\n' : ''}`;
    else sdp += 'a=rtpmap:96 VP8/90000\r\n';
  }
  return sdp;
}

export class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  readonly calls: string[] = [];
  /** The o= version of the next description; a test may skip numbers. */
  version = 2;
  candidates: string[] = [];
  private nextMid = 0;

  constructor(public configuration: RTCConfiguration) {
    super();
  }

  getConfiguration(): RTCConfiguration {
    return { ...this.configuration };
  }

  setConfiguration(configuration: RTCConfiguration): void {
    this.calls.push('setConfiguration');
    this.configuration = { ...configuration };
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  getSenders(): FakeSender[] {
    return this.transceivers.map((t) => t.sender);
  }

  addTrack(track: FakeTrack): FakeSender {
    const unused = this.transceivers.find((t) => t.kind === track.kind && t.sender.track === null && t.direction === 'recvonly');
    if (unused !== undefined) {
      unused.sender.track = track;
      unused.direction = 'sendrecv';
      return unused.sender;
    }
    const transceiver = new FakeTransceiver(track.kind, 'sendrecv', new FakeSender(track));
    this.transceivers.push(transceiver);
    return transceiver.sender;
  }

  private sections(type: 'offer' | 'answer'): Array<{ kind: string; mid: string; direction: Direction; candidates: string[] }> {
    const remote = this.remoteDescription === null ? new Map<string, Direction>() : new Map(parse(this.remoteDescription.sdp).media.map((m) => [String(m.mid), (m.direction ?? 'sendrecv') as Direction]));
    return this.transceivers
      .filter((t) => t.direction !== 'stopped')
      .map((t) => {
        if (t.mid === null) t.mid = String(this.nextMid++);
        const ours = t.direction as Direction;
        const direction = type === 'answer' ? intersect(ours, reverse[remote.get(t.mid) ?? 'sendrecv']) : ours;
        return { kind: t.kind, mid: t.mid, direction, candidates: this.candidates };
      });
  }

  createOffer(options?: RTCOfferOptions): Promise<{ type: 'offer'; sdp: string }> {
    this.calls.push(`createOffer ${JSON.stringify(options ?? {})}`);
    return Promise.resolve({ type: 'offer', sdp: fakeSdp('offer', '4242', this.version++, this.sections('offer')) });
  }

  createAnswer(): Promise<{ type: 'answer'; sdp: string }> {
    this.calls.push('createAnswer');
    return Promise.resolve({ type: 'answer', sdp: fakeSdp('answer', '4242', this.version++, this.sections('answer')) });
  }

  setLocalDescription(description: { type: string; sdp?: string }): Promise<void> {
    this.calls.push(`setLocalDescription ${description.type}`);
    if (description.type === 'rollback') {
      this.signalingState = 'stable';
      this.localDescription = null;
      return Promise.resolve();
    }
    this.localDescription = { type: description.type, sdp: description.sdp ?? '' };
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
    if (this.iceGatheringState === 'new') {
      this.iceGatheringState = 'gathering';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    }
    return Promise.resolve();
  }

  setRemoteDescription(description: { type: string; sdp: string }): Promise<void> {
    this.calls.push(`setRemoteDescription ${description.type}`);
    this.remoteDescription = { ...description };
    for (const media of parse(description.sdp).media) {
      const mid = String(media.mid);
      if (this.transceivers.some((t) => t.mid === mid)) continue;
      const transceiver = new FakeTransceiver(media.type as 'audio' | 'video', 'recvonly', new FakeSender(null));
      transceiver.mid = mid;
      this.transceivers.push(transceiver);
    }
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    return Promise.resolve();
  }

  /** A candidate found: it appears in the local description, as browsers do. */
  gatherCandidate(candidate: string): void {
    this.candidates.push(candidate);
    if (this.localDescription !== null) {
      this.localDescription = { ...this.localDescription, sdp: this.localDescription.sdp.replace(/(a=mid:)/g, `a=candidate:${candidate}\r\n$1`) };
    }
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { candidate } }));
  }

  completeGathering(): void {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: null }));
  }

  iceState(state: RTCIceConnectionState, connection: RTCPeerConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    this.connectionState = connection;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  remoteTrack(track: FakeTrack): void {
    this.dispatchEvent(Object.assign(new Event('track'), { track, streams: [] }));
  }

  close(): void {
    this.calls.push('close');
    this.signalingState = 'closed';
    this.iceConnectionState = 'closed';
    this.connectionState = 'closed';
  }
}

/** The handler's platform: fake peer connections (the last one made is `pc`), a fake microphone, a FakeClock. */
export class FakeWebRtc {
  readonly clock = new FakeClock();
  readonly connections: FakePeerConnection[] = [];
  readonly userMediaRequests: MediaStreamConstraints[] = [];
  microphone: () => Promise<FakeStream> = () => Promise.resolve(new FakeStream([new FakeTrack('audio')]));

  get pc(): FakePeerConnection {
    const last = this.connections.at(-1);
    if (last === undefined) throw new Error('no peer connection made');
    return last;
  }

  environment(): WebRtcEnvironment {
    return {
      createPeerConnection: (configuration) => {
        const pc = new FakePeerConnection(configuration);
        this.connections.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
      getUserMedia: (constraints) => {
        this.userMediaRequests.push(constraints);
        return this.microphone() as unknown as Promise<MediaStream>;
      },
      createMediaStream: () => new FakeStream() as unknown as MediaStream,
      receiverCodecs: (kind) => (kind === 'audio' ? ['opus', 'PCMU', 'PCMA', 'telephone-event'] : ['VP8']),
      clock: this.clock,
    };
  }
}
