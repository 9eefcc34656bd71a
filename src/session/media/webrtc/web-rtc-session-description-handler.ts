import { Emitter } from '../../../transport/emitter.js';
import {
  IncompatibleDescriptionError,
  type DescriptionModifiers,
  type DtmfOptions,
  type MediaKinds,
  type SessionDescription,
  type SetDescriptionOptions,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from '../../session-description-handler.js';
import { waitForIceGathering } from './ice-gathering.js';
import { followingOrigin, originOf, withoutTcpCandidates, type Origin } from './local-description-edits.js';
import { hasTelephoneEvent, isPlayable, mediaSections, offersDtlsRoles, type MediaSection } from './media-sections.js';
import { renderStream, unrender } from './media-rendering.js';
import { applyDirections } from './transceiver-directions.js';
import type { PlatformMediaStream, PlatformRTCPeerConnection } from './platform-types.js';
import type { WebRtcEnvironment } from './web-rtc-environment.js';
import type { WebRtcSessionDescriptionHandlerEvents } from './web-rtc-handler-events.js';
import { peerConnectionConfiguration, webRtcMediaOptions, type WebRtcMediaOptions } from './web-rtc-media-options.js';

const SDP = 'application/sdp';

/**
 * The cause a failed ICE connection ends the call with: the legacy `SIP.C.causes.RTP_TIMEOUT`, as
 * legacy browser stacks report it (no media path is left; the RTP handler's timeout says the same).
 */
const ICE_FAILURE_CAUSE = 'RTP Timeout';

const ICE_CONNECTION_EVENTS = {
  new: 'iceConnection',
  checking: 'iceConnectionChecking',
  connected: 'iceConnectionConnected',
  completed: 'iceConnectionCompleted',
  failed: 'iceConnectionFailed',
  disconnected: 'iceConnectionDisconnected',
  closed: 'iceConnectionClosed',
} as const satisfies Record<RTCIceConnectionState, keyof WebRtcSessionDescriptionHandlerEvents>;

/** A description the browser refused for what it says (not for when it came) cannot be used at all. */
const refusesContent = (error: unknown): boolean => !(error instanceof Error && error.name === 'InvalidStateError');

/**
 * The browser media handler (legacy `SIP.WebRTC.MediaHandler`): one RTCPeerConnection per session.
 * Descriptions are complete, candidates included: SIP sends one body per offer or answer and has
 * no trickle here (RFC 3261 §13, RFC 3264), so each waits for ICE gathering, bounded by
 * `iceGatheringTimeout`. Hold sets the transceivers' directions by the rules of `sdp/direction.ts`.
 */
export class WebRtcSessionDescriptionHandler extends Emitter<WebRtcSessionDescriptionHandlerEvents> implements SessionDescriptionHandler {
  /** The session's peer connection (legacy `mediaHandler.peerConnection`): its state and `getStats()`. */
  readonly peerConnection: PlatformRTCPeerConnection;
  private media: WebRtcMediaOptions;
  private readonly remoteStream: MediaStream;
  private localStream: MediaStream | undefined;
  private localMediaReady = false;
  /** Our tracks by the sender that carries them. */
  private readonly sending = new Map<RTCRtpSender, MediaStreamTrack>();
  /** The hold of our offer that is out, applied to the senders when it is answered. */
  private offeredHold: boolean | undefined;
  private lastOrigin: Origin | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly closing = new AbortController();
  private failed = false;

  constructor(
    private readonly options: SessionDescriptionHandlerOptions,
    private readonly environment: WebRtcEnvironment,
  ) {
    super();
    this.media = webRtcMediaOptions(options);
    this.remoteStream = environment.createMediaStream();
    this.peerConnection = environment.createPeerConnection(peerConnectionConfiguration(options, this.media));
    this.watchPeerConnection();
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  getDescription(modifiers: DescriptionModifiers = {}): Promise<SessionDescription> {
    return this.inTurn(async () => {
      this.takeLateOptions(modifiers);
      await this.addLocalMedia();
      const pc = this.peerConnection;
      const role = pc.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
      const remote = pc.remoteDescription === null ? [] : mediaSections(pc.remoteDescription.sdp);
      const hold = modifiers.hold === true;
      applyDirections(pc.getTransceivers(), remote, role, hold, (transceiver) => this.sending.has(transceiver.sender));
      const created = role === 'offer' ? await pc.createOffer(this.media.offerOptions) : await pc.createAnswer();
      this.assertOpen();
      await pc.setLocalDescription(created);
      this.offeredHold = role === 'offer' ? hold : undefined;
      if (role === 'answer') await this.silence(hold);
      const outcome = await waitForIceGathering(pc, this.environment.clock, this.options.iceGatheringTimeout, this.closing.signal);
      this.assertOpen();
      this.emit('iceGatheringComplete', outcome === 'timeout');
      let sdp = pc.localDescription?.sdp ?? created.sdp ?? '';
      if (this.media.stripTcpCandidates) sdp = withoutTcpCandidates(sdp);
      sdp = followingOrigin(sdp, this.lastOrigin);
      this.lastOrigin = originOf(sdp);
      const description = { body: sdp, contentType: SDP };
      this.emit('getDescription', description);
      return description;
    });
  }

  setDescription(description: SessionDescription, options: SetDescriptionOptions = {}): Promise<void> {
    return this.inTurn(async () => {
      const pc = this.peerConnection;
      let sections: MediaSection[];
      try {
        sections = mediaSections(description.body);
      } catch (error) {
        throw new IncompatibleDescriptionError(`unreadable session description: ${String(error)}`);
      }
      const offer = offersDtlsRoles(sections);
      if (!offer && this.repeatsRemoteAnswer(description.body)) return;
      const awaitingAnswer = pc.signalingState === 'have-local-offer' || pc.signalingState === 'have-remote-pranswer';
      const type = awaitingAnswer && !offer ? (options.provisional === true ? 'pranswer' : 'answer') : 'offer';
      const playable = sections.filter((section) => isPlayable(section, this.environment.receiverCodecs(section.kind as 'audio' | 'video')));
      if (playable.length === 0) throw new IncompatibleDescriptionError('no stream of the session description has a codec this browser plays');
      // The peer's offer while ours is out (glare, RFC 3261 §14.1): ours is void, and the browser
      // goes back to the last agreed state before taking the peer's (RFC 8829 §5.7).
      if (type === 'offer' && awaitingAnswer) await pc.setLocalDescription({ type: 'rollback' });
      try {
        await pc.setRemoteDescription({ type, sdp: description.body });
      } catch (error) {
        if (refusesContent(error)) throw new IncompatibleDescriptionError(error instanceof Error ? error.message : String(error));
        throw error;
      }
      if (type !== 'offer' && this.offeredHold !== undefined) await this.silence(this.offeredHold);
      if (type !== 'pranswer') this.offeredHold = undefined;
      this.emit('setDescription', description);
    });
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]!.trim().toLowerCase() === SDP;
  }

  sendDtmf(tones: string, options: DtmfOptions): boolean {
    const remote = this.peerConnection.remoteDescription;
    if (this.closed || remote === null || !hasTelephoneEvent(mediaSections(remote.sdp))) return false;
    const audio = [...this.sending].find(([sender, track]) => track.kind === 'audio' && sender.dtmf !== null);
    const dtmf = audio?.[0].dtmf;
    if (dtmf === undefined || dtmf === null || !dtmf.canInsertDTMF) return false;
    // insertDTMF replaces the tones still waiting: appending keeps digits asked for in a row in order.
    dtmf.insertDTMF(dtmf.toneBuffer + tones, options.duration, options.interToneGap);
    return true;
  }

  mute(kinds: MediaKinds = {}): void {
    this.enableTracks(kinds, false);
  }

  unmute(kinds: MediaKinds = {}): void {
    this.enableTracks(kinds, true);
  }

  /** The stream we send (legacy `getLocalStreams()`): empty until the first description was made. */
  getLocalStreams(): PlatformMediaStream[] {
    return this.localStream === undefined ? [] : [this.localStream];
  }

  /** The stream of the tracks received (legacy `getRemoteStreams()`): empty until the first arrived. */
  getRemoteStreams(): PlatformMediaStream[] {
    return this.remoteStream.getTracks().length === 0 ? [] : [this.remoteStream];
  }

  close(): void {
    if (this.closed) return;
    this.closing.abort();
    // A stream the application gave is its own to stop; one we opened is ours.
    if (this.media.stream === undefined) for (const track of this.localStream?.getTracks() ?? []) track.stop();
    unrender(this.media.render.local, this.localStream);
    unrender(this.media.render.remote, this.remoteStream);
    this.peerConnection.close();
    // close() fires no state change events (W3C WebRTC §4.4.1.6); legacy listeners still expect the last one.
    this.emit('iceConnectionClosed');
    this.emit('connectionStateChange', 'closed');
  }

  /** Descriptions are made and applied one at a time, in the order asked (each changes the signaling state). */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      this.assertOpen();
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the media handler is closed');
  }

  /**
   * The peer's answer again, once applied (a 183's SDP repeated in the 200; RFC 3264 §8: the same o=
   * version means the same description): nothing to apply. An offer repeated unchanged (a session
   * refresh) is applied, since it waits for our answer.
   */
  private repeatsRemoteAnswer(sdp: string): boolean {
    const current = this.peerConnection.remoteDescription;
    if (current === null || this.peerConnection.signalingState !== 'stable') return false;
    const [was, is] = [originOf(current.sdp), originOf(sdp)];
    return was.sessionId === is.sessionId && was.version === is.version;
  }

  /**
   * The callee names its media when it accepts (`accept({ media, stunServers, turnServers })`), after
   * this handler was made for the offer: until the local media is open (the ICE servers: until gathering
   * starts), what it names then replaces what the factory was told.
   */
  private takeLateOptions(modifiers: DescriptionModifiers): void {
    const pc = this.peerConnection;
    if (modifiers.iceServers !== undefined && pc.iceGatheringState === 'new') {
      const { iceServers } = peerConnectionConfiguration({ ...this.options, iceServers: modifiers.iceServers }, this.media);
      pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
    }
    if (this.localMediaReady || (modifiers.constraints === undefined && modifiers.extra === undefined)) return;
    // Nothing is rendered yet (see addLocalMedia), so a render element named now simply replaces the factory's.
    this.media = webRtcMediaOptions({
      ...this.options,
      constraints: modifiers.constraints ?? this.options.constraints,
      extra: { ...this.options.extra, ...modifiers.extra },
    });
  }

  private renderRemote(): void {
    renderStream(this.media.render.remote, this.remoteStream, (error) => this.emit('playRefused', this.media.render.remote!, error));
  }

  private async addLocalMedia(): Promise<void> {
    if (this.localMediaReady) return;
    const stream = this.media.stream ?? (await this.userMedia());
    this.assertOpen();
    this.localMediaReady = true;
    if (stream !== undefined) {
      this.localStream = stream;
      for (const track of stream.getTracks()) this.sending.set(this.peerConnection.addTrack(track, stream), track);
      renderStream(this.media.render.local, stream, (error) => this.emit('playRefused', this.media.render.local!, error));
    }
    // The tracks of an offer applied before (the callee's) play only now, in the element named with the
    // answer, once the microphone is open: Chromium refuses play() without a user gesture until the page captures.
    if (this.remoteStream.getTracks().length > 0) this.renderRemote();
  }

  /**
   * While we hold the call our senders carry nothing. `sendonly` would let us send (RFC 3264 §8.4:
   * music on hold), but a browser has only the microphone to send, and the held party must not hear
   * the room. The change follows the offer/answer exchange that makes it: our answer as it is made,
   * our offer once answered, so a re-INVITE that fails (the session stays as it was, RFC 3261 §14.1)
   * leaves the senders as they were.
   */
  private async silence(silent: boolean): Promise<void> {
    await Promise.all([...this.sending].map(([sender, track]) => sender.replaceTrack(silent ? null : track)));
  }

  private async userMedia(): Promise<MediaStream | undefined> {
    const constraints = this.media.constraints;
    if (constraints.audio === false && constraints.video === false) return undefined;
    this.emit('userMediaRequest', constraints);
    let stream: MediaStream;
    try {
      stream = await this.environment.getUserMedia(constraints);
    } catch (error) {
      this.emit('userMediaFailed', error);
      throw error;
    }
    if (this.closed) {
      for (const track of stream.getTracks()) track.stop();
      this.assertOpen();
    }
    this.emit('userMedia', stream);
    return stream;
  }

  private enableTracks(kinds: MediaKinds, enabled: boolean): void {
    const all = kinds.audio === undefined && kinds.video === undefined;
    for (const track of this.localStream?.getTracks() ?? []) {
      if (all || (track.kind === 'audio' && kinds.audio === true) || (track.kind === 'video' && kinds.video === true)) track.enabled = enabled;
    }
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.emit('failed', ICE_FAILURE_CAUSE, error);
  }

  private watchPeerConnection(): void {
    const pc = this.peerConnection;
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'gathering') this.emit('iceGathering');
    });
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate !== null) this.emit('iceCandidate', event.candidate);
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      const state = pc.iceConnectionState;
      this.emit(ICE_CONNECTION_EVENTS[state]);
      if (state === 'failed') this.fail(new Error('ICE failed: no candidate pair reaches the peer'));
    });
    pc.addEventListener('connectionstatechange', () => {
      this.emit('connectionStateChange', pc.connectionState);
      // DTLS failing after ICE succeeded ends the media as surely as ICE failing.
      if (pc.connectionState === 'failed') this.fail(new Error('the peer connection failed (ICE or DTLS)'));
    });
    pc.addEventListener('track', (event) => {
      const first = this.remoteStream.getTracks().length === 0;
      this.remoteStream.addTrack(event.track);
      if (first) {
        if (this.localMediaReady) this.renderRemote();
        this.emit('addStream', this.remoteStream);
      }
      this.emit('addTrack', event.track, this.remoteStream);
    });
  }
}
