import { describe, expect, it } from 'vitest';
import { IncompatibleDescriptionError, type SessionDescriptionHandlerOptions } from '../../../src/session/index.js';
import { createWebRtcSessionDescriptionHandlerFactory, type WebRtcSessionDescriptionHandler } from '../../../src/session/media/webrtc/index.js';
import { FakeStream, FakeTrack, FakeWebRtc, fakeSdp } from '../../support/fake-web-rtc.js';

// The WebRTC media handler's own logic against a scripted peer connection and a FakeClock: when a
// description is handed out (ICE gathering or its timeout), the directions it sets for hold, what it
// tells the session (events, failure), and what it frees. test/browser/webrtc-handler.test.ts runs
// the same handler on Chromium's real RTCPeerConnection.

const TIMEOUT = 5000;

function options(extra: Record<string, unknown> = {}, overrides: Partial<SessionDescriptionHandlerOptions> = {}): SessionDescriptionHandlerOptions {
  return { constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout: TIMEOUT, extra, ...overrides };
}

function setup(extra: Record<string, unknown> = {}, overrides: Partial<SessionDescriptionHandlerOptions> = {}): { web: FakeWebRtc; handler: WebRtcSessionDescriptionHandler; events: string[] } {
  const web = new FakeWebRtc();
  const handler = createWebRtcSessionDescriptionHandlerFactory(web.environment())(options(extra, overrides));
  const events: string[] = [];
  for (const name of ['userMediaRequest', 'userMedia', 'userMediaFailed', 'iceGathering', 'iceConnectionChecking', 'iceConnectionConnected', 'iceConnectionFailed', 'iceConnectionClosed', 'addStream'] as const) {
    handler.on(name, () => events.push(name));
  }
  handler.on('iceGatheringComplete', (timedOut) => events.push(`iceGatheringComplete:${timedOut}`));
  handler.on('failed', (cause, error) => events.push(`failed:${cause}:${error?.message ?? ''}`));
  return { web, handler, events };
}

/** Every pending promise callback runs; no time passes on the clock. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** getDescription, with gathering completed by the fake as soon as it starts. */
async function describe_(web: FakeWebRtc, handler: WebRtcSessionDescriptionHandler, hold = false): Promise<string> {
  const pending = handler.getDescription({ hold });
  await flush();
  web.pc.completeGathering();
  return (await pending).body;
}

const directionOf = (sdp: string): string[] => sdp.split('\r\n').filter((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l));
type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
/** The peer's audio offer or answer, as a SIP body. */
const peer = (type: 'offer' | 'answer', version: number, direction: Direction, telephoneEvent = true): { body: string; contentType: string } => ({
  body: fakeSdp(type, '777', version, [{ kind: 'audio', mid: '0', direction }], telephoneEvent),
  contentType: 'application/sdp',
});

describe('WebRTC media handler: ICE gathering', () => {
  it('hands out the description when gathering completes, candidates included, and clears its timer', async () => {
    const { web, handler, events } = setup();
    let body: string | undefined;
    void handler.getDescription().then((d) => (body = d.body));
    await flush();
    expect(web.pc.iceGatheringState).toBe('gathering');
    web.pc.gatherCandidate('1 1 udp 2122194687 192.0.2.2 50000 typ host');
    await flush();
    expect(body).toBeUndefined();
    web.pc.completeGathering();
    await flush();
    expect(body).toMatch(/^a=candidate:1 1 udp 2122194687 192\.0\.2\.2 50000 typ host$/m);
    expect(web.clock.pending).toBe(0);
    expect(events).toEqual(['userMediaRequest', 'userMedia', 'iceGathering', 'iceGatheringComplete:false']);
  });

  it('goes with the candidates it has when iceGatheringTimeout runs out first', async () => {
    const { web, handler, events } = setup();
    let body: string | undefined;
    void handler.getDescription().then((d) => (body = d.body));
    await flush();
    web.pc.gatherCandidate('1 1 udp 2122194687 192.0.2.2 50000 typ host');
    web.clock.advance(TIMEOUT - 1);
    await flush();
    expect(body).toBeUndefined();
    web.clock.advance(1);
    await flush();
    expect(body).toMatch(/^a=candidate:1 1 udp/m);
    expect(events.at(-1)).toBe('iceGatheringComplete:true');
  });

  it('does not wait again when gathering is already complete (a re-INVITE without ICE restart)', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    const again = await handler.getDescription();
    expect(directionOf(again.body)).toEqual(['a=sendrecv']);
    expect(web.clock.pending).toBe(0);
  });

  it('close() during gathering rejects the description at once, stops the microphone and closes the connection', async () => {
    const { web, handler, events } = setup();
    const pending = handler.getDescription();
    await flush();
    const microphone = handler.getLocalStreams()[0]!.getTracks()[0]!;
    handler.close();
    await expect(pending).rejects.toThrow('the media handler is closed');
    expect(web.clock.pending).toBe(0);
    expect(microphone.readyState).toBe('ended');
    expect(web.pc.calls.at(-1)).toBe('close');
    expect(events.at(-1)).toBe('iceConnectionClosed');
    handler.close();
    expect(web.pc.calls.filter((c) => c === 'close')).toHaveLength(1);
  });
});

describe('WebRTC media handler: offers, answers and hold (RFC 3264 §6.1, §8.4, RFC 6337 §5.3)', () => {
  it('holds with sendonly and silences its senders once the hold is answered; likewise back', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    const microphone = handler.getLocalStreams()[0]!.getTracks()[0]!;
    const hold = await handler.getDescription({ hold: true });
    expect(directionOf(hold.body)).toEqual(['a=sendonly']);
    expect(web.pc.getSenders()[0]!.track).toBe(microphone);
    await handler.setDescription(peer('answer', 2, 'recvonly'));
    expect(web.pc.getSenders()[0]!.track).toBeNull();
    const unhold = await handler.getDescription();
    expect(directionOf(unhold.body)).toEqual(['a=sendrecv']);
    expect(web.pc.getSenders()[0]!.track).toBeNull();
    await handler.setDescription(peer('answer', 3, 'sendrecv'));
    expect(web.pc.getSenders()[0]!.track).toBe(microphone);
  });

  it('keeps the microphone on when its hold offer is never answered (the re-INVITE failed)', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    const microphone = handler.getLocalStreams()[0]!.getTracks()[0]!;
    await handler.getDescription({ hold: true });
    const again = await handler.getDescription();
    expect(directionOf(again.body)).toEqual(['a=sendrecv']);
    await handler.setDescription(peer('answer', 2, 'sendrecv'));
    expect(web.pc.getSenders()[0]!.track).toBe(microphone);
  });

  it('offers inactive to hold a peer that holds us, and answers the mirror image of an offer', async () => {
    const { web, handler } = setup();
    await handler.setDescription(peer('offer', 1, 'sendrecv'));
    expect(directionOf(await describe_(web, handler))).toEqual(['a=sendrecv']);
    // The peer holds the call: we answer recvonly.
    await handler.setDescription(peer('offer', 2, 'sendonly'));
    expect(directionOf((await handler.getDescription()).body)).toEqual(['a=recvonly']);
    // Now we hold too.
    expect(directionOf((await handler.getDescription({ hold: true })).body)).toEqual(['a=inactive']);
    await handler.setDescription(peer('answer', 3, 'inactive'));
    // The peer takes us off its hold while we hold: our answer is sendonly.
    await handler.setDescription(peer('offer', 4, 'sendrecv'));
    expect(directionOf((await handler.getDescription({ hold: true })).body)).toEqual(['a=sendonly']);
  });

  it('answers recvonly for a kind it has no media of, and inactive when it holds', async () => {
    const { web, handler } = setup();
    const offer = fakeSdp('offer', '777', 1, [
      { kind: 'audio', mid: '0', direction: 'sendrecv' },
      { kind: 'video', mid: '1', direction: 'sendrecv' },
    ]);
    await handler.setDescription({ body: offer, contentType: 'application/sdp' });
    expect(directionOf(await describe_(web, handler))).toEqual(['a=sendrecv', 'a=recvonly']);
    await handler.setDescription({ body: offer.replace(' 1 IN IP4', ' 2 IN IP4'), contentType: 'application/sdp' });
    expect(directionOf((await handler.getDescription({ hold: true })).body)).toEqual(['a=sendonly', 'a=inactive']);
    // An answer takes effect as it is made.
    expect(web.pc.getSenders().map((sender) => sender.track)).toEqual([null, null]);
  });

  it('keeps the o= session id and counts its version up by one, whatever the browser counted (RFC 3264 §8)', async () => {
    const { web, handler } = setup();
    const first = await describe_(web, handler);
    expect(first).toMatch(/^o=- 4242 2 IN IP4/m);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    web.pc.version += 5;
    const second = (await handler.getDescription()).body;
    expect(second).toMatch(/^o=- 4242 3 IN IP4/m);
  });

  it('rolls its unanswered offer back before applying the peer\'s (glare, failed re-INVITE)', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    await handler.getDescription({ hold: true });
    expect(web.pc.signalingState).toBe('have-local-offer');
    await handler.setDescription(peer('offer', 2, 'sendrecv'));
    expect(web.pc.calls.slice(-2)).toEqual(['setLocalDescription rollback', 'setRemoteDescription offer']);
    expect(directionOf((await handler.getDescription({ hold: true })).body)).toEqual(['a=sendonly']);
  });

  it('applies a repeated description once (a 183\'s SDP again in the 200)', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    await handler.setDescription(peer('answer', 1, 'sendrecv'));
    expect(web.pc.calls.filter((c) => c.startsWith('setRemoteDescription'))).toEqual(['setRemoteDescription answer']);
  });

  it('applies an offer repeated unchanged (a session refresh) and answers it', async () => {
    const { web, handler } = setup();
    await handler.setDescription(peer('offer', 1, 'sendrecv'));
    await describe_(web, handler);
    await handler.setDescription(peer('offer', 1, 'sendrecv'));
    const answer = await handler.getDescription();
    expect(web.pc.calls.filter((c) => /^(setRemote|create)/.test(c))).toEqual(['setRemoteDescription offer', 'createAnswer', 'setRemoteDescription offer', 'createAnswer']);
    expect(answer.body).toMatch(/^a=setup:active$/m);
  });

  it('refuses a description with no codec it plays', async () => {
    const { handler, web } = setup();
    const video = fakeSdp('offer', '777', 1, [{ kind: 'video', mid: '0', direction: 'sendrecv' }]).replace('VP8', 'H265');
    await expect(handler.setDescription({ body: video, contentType: 'application/sdp' })).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    const onlyEvents = peer('offer', 1, 'sendrecv').body.replace(/UDP\/TLS\/RTP\/SAVPF 111 126/, 'UDP/TLS/RTP/SAVPF 126');
    await expect(handler.setDescription({ body: onlyEvents, contentType: 'application/sdp' })).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    const rejected = peer('offer', 1, 'sendrecv').body.replace('m=audio 9', 'm=audio 0');
    await expect(handler.setDescription({ body: rejected, contentType: 'application/sdp' })).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    expect(web.pc.calls).toEqual([]);
    // A static payload type needs no rtpmap (RFC 3551 §6).
    const pcmu = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n';
    await expect(handler.setDescription({ body: pcmu, contentType: 'application/sdp' })).resolves.toBeUndefined();
  });

  it('reads only application/sdp bodies', () => {
    const { handler } = setup();
    expect(handler.hasDescription('application/sdp')).toBe(true);
    expect(handler.hasDescription('Application/SDP; charset=utf-8')).toBe(true);
    expect(handler.hasDescription('application/dtmf-relay')).toBe(false);
  });
});

describe('WebRTC media handler: media, DTMF, failure', () => {
  it('asks getUserMedia for the application\'s constraints, and passes STUN/TURN and rtcpMuxPolicy to the peer connection', async () => {
    const iceServers = [{ urls: ['stun:stun.example.test'] }, { urls: 'turn:turn.example.test', username: 'u', credential: 'p' }];
    const { web, handler } = setup({ media: { constraints: { audio: { deviceId: 'mic-2' }, video: false } }, rtcpMuxPolicy: 'require', RTCConstraints: { mandatory: { OfferToReceiveVideo: true } } }, { iceServers });
    expect(web.pc.configuration).toEqual({ iceServers: [{ urls: ['stun:stun.example.test'] }, { urls: 'turn:turn.example.test', username: 'u', credential: 'p' }], rtcpMuxPolicy: 'require' });
    await describe_(web, handler);
    expect(web.userMediaRequests).toEqual([{ audio: { deviceId: 'mic-2' }, video: false }]);
    expect(web.pc.calls[0]).toBe('createOffer {"offerToReceiveVideo":true}');
  });

  it('uses a stream the application gives instead of getUserMedia, and leaves it running on close()', async () => {
    const track = new FakeTrack('audio');
    const { web, handler, events } = setup({ mediaStream: new FakeStream([track]) });
    await describe_(web, handler);
    expect(web.userMediaRequests).toEqual([]);
    expect(events).not.toContain('userMediaRequest');
    handler.close();
    expect(track.readyState).toBe('live');
  });

  it('rejects the description when getUserMedia fails, with userMediaFailed', async () => {
    const { web, handler, events } = setup();
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    web.microphone = () => Promise.reject(denied);
    await expect(handler.getDescription()).rejects.toBe(denied);
    expect(events).toEqual(['userMediaRequest', 'userMediaFailed']);
  });

  it('plays the streams in the render elements, reports a refused play(), and takes the streams back on close()', async () => {
    const refused = Object.assign(new Error('play() needs a user gesture'), { name: 'NotAllowedError' });
    const local = { srcObject: null as unknown, play: () => Promise.reject(refused) };
    const remote = { srcObject: null as unknown, play: () => Promise.resolve() };
    const { web, handler } = setup({ media: { render: { local, remote } } });
    const reports: unknown[] = [];
    handler.on('playRefused', (element, error) => reports.push(element, error));
    await describe_(web, handler);
    web.pc.remoteTrack(new FakeTrack('audio'));
    await flush();
    expect(local.srcObject).toBe(handler.getLocalStreams()[0]);
    expect(remote.srcObject).toBe(handler.getRemoteStreams()[0]);
    expect(reports).toEqual([local, refused]);
    handler.close();
    expect([local.srcObject, remote.srcObject]).toEqual([null, null]);
  });

  it('takes the media named with its answer (the callee\'s accept): constraints, render elements, stream, until its media is open', async () => {
    const remote = { srcObject: null as unknown, play: () => Promise.resolve() };
    const { web, handler } = setup({ media: { constraints: { audio: true, video: false } }, rtcpMuxPolicy: 'require' });
    await handler.setDescription(peer('offer', 1, 'sendrecv'));
    web.pc.remoteTrack(new FakeTrack('audio'));
    const answering = handler.getDescription({ constraints: { audio: true, video: true }, extra: { media: { constraints: { audio: { deviceId: 'mic-2' } }, render: { remote } } } });
    await flush();
    web.pc.completeGathering();
    await answering;
    expect(web.userMediaRequests).toEqual([{ audio: { deviceId: 'mic-2' }, video: true }]);
    // The offer's track arrived before the element was named: it plays now.
    expect(remote.srcObject).toBe(handler.getRemoteStreams()[0]);
    // Once the media is open, later descriptions (a re-INVITE) keep it.
    await handler.setDescription(peer('offer', 2, 'sendrecv'));
    await handler.getDescription({ extra: { media: { stream: new FakeStream([new FakeTrack('audio')]) } } });
    expect(web.userMediaRequests).toHaveLength(1);
    expect(handler.getLocalStreams()[0]!.getTracks()).toHaveLength(1);
    expect(web.pc.configuration.rtcpMuxPolicy).toBe('require');
  });

  it('plays the remote stream of an offer applied earlier only once its own media is open (browsers refuse play() before a user gesture unless the page captures)', async () => {
    const remote = { srcObject: null as unknown, play: () => Promise.resolve() };
    const { web, handler } = setup();
    let grant: (stream: FakeStream) => void = () => undefined;
    web.microphone = () => new Promise((resolve) => (grant = resolve));
    await handler.setDescription(peer('offer', 1, 'sendrecv'));
    web.pc.remoteTrack(new FakeTrack('audio'));
    const answering = handler.getDescription({ extra: { media: { render: { remote } } } });
    await flush();
    expect(remote.srcObject).toBeNull();
    grant(new FakeStream([new FakeTrack('audio')]));
    await flush();
    expect(remote.srcObject).toBe(handler.getRemoteStreams()[0]);
    web.pc.completeGathering();
    await answering;
  });

  it('mutes and unmutes by disabling its tracks', async () => {
    const { web, handler } = setup();
    await describe_(web, handler);
    const microphone = handler.getLocalStreams()[0]!.getTracks()[0]!;
    handler.mute({ video: true });
    expect(microphone.enabled).toBe(true);
    handler.mute();
    expect(microphone.enabled).toBe(false);
    handler.unmute({ audio: true });
    expect(microphone.enabled).toBe(true);
  });

  it('sends DTMF through the RTCDTMFSender only when the peer took telephone-event, queueing digits asked for in a row', async () => {
    const { web, handler } = setup();
    expect(handler.sendDtmf('1', { duration: 100, interToneGap: 70 })).toBe(false);
    await describe_(web, handler);
    await handler.setDescription(peer('answer', 1, 'sendrecv', false));
    expect(handler.sendDtmf('1', { duration: 100, interToneGap: 70 })).toBe(false);
    await handler.getDescription();
    await handler.setDescription(peer('answer', 2, 'sendrecv'));
    expect(handler.sendDtmf('12', { duration: 100, interToneGap: 70 })).toBe(true);
    expect(handler.sendDtmf('#', { duration: 100, interToneGap: 70 })).toBe(true);
    const dtmf = web.pc.getSenders()[0]!.dtmf!;
    expect(dtmf.inserted).toEqual([
      { tones: '12', duration: 100, gap: 70 },
      { tones: '12#', duration: 100, gap: 70 },
    ]);
  });

  it('reports failed ICE as the legacy events and one failed (RTP Timeout) for the session to end the call', async () => {
    const { web, handler, events } = setup();
    await describe_(web, handler);
    web.pc.iceState('checking', 'connecting');
    web.pc.iceState('connected', 'connected');
    web.pc.iceState('failed', 'failed');
    expect(events.slice(-4)).toEqual(['iceConnectionChecking', 'iceConnectionConnected', 'iceConnectionFailed', 'failed:RTP Timeout:ICE failed: no candidate pair reaches the peer']);
  });

  it('collects remote tracks into the one stream getRemoteStreams() returns', async () => {
    const { web, handler, events } = setup();
    expect(handler.getRemoteStreams()).toEqual([]);
    web.pc.remoteTrack(new FakeTrack('audio'));
    web.pc.remoteTrack(new FakeTrack('video'));
    expect(handler.getRemoteStreams()).toHaveLength(1);
    expect(handler.getRemoteStreams()[0]!.getTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
    expect(events.filter((e) => e === 'addStream')).toHaveLength(1);
  });

  it('leaves TCP candidates out when asked (hackStripTcp)', async () => {
    const { web, handler } = setup({ hackStripTcp: true });
    const pending = handler.getDescription();
    await flush();
    web.pc.gatherCandidate('1 1 udp 2122194687 192.0.2.2 50000 typ host');
    web.pc.gatherCandidate('2 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active');
    web.pc.completeGathering();
    const body = (await pending).body;
    expect(body).toMatch(/^a=candidate:1 1 udp/m);
    expect(body).not.toMatch(/ tcp /);
  });
});
