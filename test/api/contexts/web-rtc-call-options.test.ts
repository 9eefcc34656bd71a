import { afterEach, describe, expect, it, vi } from 'vitest';
import SIP, { createWebRtcSessionDescriptionHandlerFactory, FakeClock, type InviteClientContext, type InviteServerContext, type SipRequest } from '../../../src/index.js';
import { FakeStream, FakeTrack, FakeWebRtc, fakeSdp } from '../../support/fake-web-rtc.js';
import { ScriptedTransport } from '../../support/scripted-transport.js';
import { settle } from '../../support/settle.js';
import { fromBob } from '../support/started-ua.js';

// What a browser application passes with a call (legacy `ua.invite(target, options)`, `accept(options)`
// and the UA configuration) as the WebRTC media handler sees it: a UA on a scripted connection whose
// calls get the real WebRtcSessionDescriptionHandler over a scripted RTCPeerConnection (test/support/fake-web-rtc.ts).

const quiet = { builtinEnabled: false };

function browserUa(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const web = new FakeWebRtc();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: quiet, ...config },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: createWebRtcSessionDescriptionHandlerFactory(web.environment()) },
  );
  ua.start();
  return { ua, web, transport };
}

/** Every pending promise callback runs; no time passes on any clock. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const invites = (transport: ScriptedTransport): SipRequest[] => transport.requests.filter((r) => r.method === 'INVITE');

/** An application's `<audio>`/`<video>` element: what the handler uses of one. */
function element() {
  return { srcObject: null as unknown, play: () => Promise.resolve() };
}

/** Place a call with `options` and let its offer be made (the fake finishes ICE gathering at once). */
async function call(ua: InstanceType<typeof SIP.UA>, web: FakeWebRtc, options: Record<string, unknown> = {}): Promise<InviteClientContext> {
  await settle();
  const context = ua.invite('bob@example.test', options);
  await flush();
  web.pc.completeGathering();
  await flush();
  return context;
}

/** Bob's INVITE with a WebRTC offer (opus, DTLS actpass) reaches the UA; resolves with the context of the `invite` event. */
async function incomingCall(ua: InstanceType<typeof SIP.UA>, transport: ScriptedTransport): Promise<InviteServerContext> {
  await settle();
  const offered = new Promise<InviteServerContext>((resolve) => ua.on('invite', resolve));
  const offer = fakeSdp('offer', '777', 1, [{ kind: 'audio', mid: '0', direction: 'sendrecv' }]);
  transport.deliver(fromBob('INVITE', { callId: 'in-1', body: offer, contentType: 'application/sdp', extra: ['Contact: <sip:bob@127.0.0.1:8080;transport=ws>'] }));
  return offered;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browser calls: the legacy media options reach the WebRTC handler', () => {
  it('ua.invite: media.constraints as given (device objects too), render elements, RTCConstraints; the UA\'s stunServers, turnServers, rtcpMuxPolicy and hackStripTcp', async () => {
    const { ua, web, transport } = browserUa({
      stunServers: 'stun.example.test',
      turnServers: { urls: 'turn:turn.example.test', username: 'alice', password: 'pw' },
      rtcpMuxPolicy: 'require',
      hackStripTcp: true,
    });
    const [local, remote] = [element(), element()];
    await settle();
    const context = ua.invite('bob@example.test', {
      media: { constraints: { audio: { deviceId: 'mic-2' }, video: false }, render: { local, remote } },
      RTCConstraints: { mandatory: { OfferToReceiveVideo: true } },
    });
    await flush();
    web.pc.gatherCandidate('1 1 udp 2122194687 192.0.2.2 50000 typ host');
    web.pc.gatherCandidate('2 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active');
    web.pc.completeGathering();
    await flush();

    expect(web.userMediaRequests).toEqual([{ audio: { deviceId: 'mic-2' }, video: false }]);
    expect(web.pc.configuration).toEqual({
      iceServers: [{ urls: 'stun:stun.example.test' }, { urls: ['turn:turn.example.test'], username: 'alice', credential: 'pw' }],
      rtcpMuxPolicy: 'require',
    });
    expect(web.pc.calls[0]).toBe('createOffer {"offerToReceiveVideo":true}');
    const body = invites(transport)[0]!.bodyText;
    expect(body).toMatch(/^a=candidate:1 1 udp/m);
    expect(body).not.toMatch(/ tcp /);
    expect(context.getLocalStreams()).toHaveLength(1);
    expect(local.srcObject).toBe(context.getLocalStreams()[0]);
    web.pc.remoteTrack(new FakeTrack('audio'));
    expect(remote.srcObject).toBe(context.getRemoteStreams()[0]);
    expect(context.getRemoteStreams()[0]).toBeInstanceOf(FakeStream);
  });

  it('ua.invite: mediaConstraints asks for audio and video; the UA\'s iceCheckingTimeout bounds ICE gathering (the INVITE goes with what it has)', async () => {
    const { ua, web, transport } = browserUa({ iceCheckingTimeout: 1500 });
    await settle();
    ua.invite('bob@example.test', { mediaConstraints: { audio: true, video: true } });
    await flush();
    web.pc.gatherCandidate('1 1 udp 2122194687 192.0.2.2 50000 typ host');
    web.clock.advance(1499);
    await flush();
    expect(invites(transport)).toEqual([]);
    web.clock.advance(1);
    await flush();
    expect(invites(transport)).toHaveLength(1);
    expect(invites(transport)[0]!.bodyText).toMatch(/^a=candidate:1 1 udp/m);
    expect(web.userMediaRequests).toEqual([{ audio: true, video: true }]);
  });

  it('ua.invite: a stream the application gives (mediaStream, or media.stream) is sent instead of asking getUserMedia, and left running at the end', async () => {
    for (const options of [(stream: FakeStream) => ({ mediaStream: stream }), (stream: FakeStream) => ({ media: { stream } })]) {
      const { ua, web } = browserUa();
      const track = new FakeTrack('audio');
      const stream = new FakeStream([track]);
      const context = await call(ua, web, options(stream));
      expect(web.userMediaRequests).toEqual([]);
      expect(context.getLocalStreams()).toEqual([stream]);
      expect(web.pc.getSenders().map((sender) => sender.track)).toEqual([track]);
      context.cancel();
      await flush();
      expect(track.readyState).toBe('live');
    }
  });

  it('ua.invite: media may itself be the constraints, beside render', async () => {
    const { ua, web } = browserUa();
    const remote = element();
    const context = await call(ua, web, { media: { audio: { deviceId: 'mic-3' }, render: { remote } } });
    web.pc.remoteTrack(new FakeTrack('audio'));
    expect(web.userMediaRequests).toEqual([{ audio: { deviceId: 'mic-3' }, video: false }]);
    expect(remote.srcObject).toBe(context.getRemoteStreams()[0]);
    expect((context.mediaHandler as unknown as { options: { extra: unknown } }).options.extra).toEqual({ media: { constraints: { audio: { deviceId: 'mic-3' } }, render: { remote } } });
  });

  it('ua.invite: the call\'s own stunServers and turnServers replace the UA\'s', async () => {
    const { ua, web } = browserUa({ stunServers: 'stun:ua.example.test' });
    await call(ua, web, { stunServers: ['stun:call.example.test:3478'], turnServers: [{ urls: ['turns:t.example.test'], username: 'u', password: 'p' }] });
    expect(web.pc.configuration.iceServers).toEqual([
      { urls: 'stun:call.example.test:3478' },
      { urls: ['turns:t.example.test'], username: 'u', credential: 'p' },
    ]);
  });

  it('accept({ media }): the callee\'s constraints, render elements and stream', async () => {
    const { ua, web, transport } = browserUa();
    const context = await incomingCall(ua, transport);
    const [local, remote] = [element(), element()];
    context.accept({ media: { constraints: { audio: { echoCancellation: false }, video: false }, render: { local, remote } } });
    await flush();
    web.pc.remoteTrack(new FakeTrack('audio'));
    web.pc.completeGathering();
    await flush();
    expect(web.userMediaRequests).toEqual([{ audio: { echoCancellation: false }, video: false }]);
    expect(transport.statuses.at(-1)).toBe(200);
    expect(local.srcObject).toBe(context.getLocalStreams()[0]);
    expect(remote.srcObject).toBe(context.getRemoteStreams()[0]);

    const other = browserUa();
    const given = new FakeStream([new FakeTrack('audio')]);
    const second = await incomingCall(other.ua, other.transport);
    second.accept({ media: { stream: given } });
    await flush();
    other.web.pc.completeGathering();
    await flush();
    expect(other.web.userMediaRequests).toEqual([]);
    expect(second.getLocalStreams()).toEqual([given]);
    expect(other.transport.statuses.at(-1)).toBe(200);
  });

  it('accept({ stunServers, turnServers }): the callee\'s peer connection takes them before it gathers; a bad one throws before anything is sent', async () => {
    const { ua, web, transport } = browserUa({ stunServers: 'stun:ua.example.test' });
    const context = await incomingCall(ua, transport);
    expect(web.pc.configuration.iceServers).toEqual([{ urls: 'stun:ua.example.test' }]);
    const sent = transport.sent.length;
    expect(() => context.accept({ stunServers: 'http://stun.example.test' })).toThrow(SIP.Exceptions.ConfigurationError);
    expect(transport.sent.length).toBe(sent);
    context.accept({ stunServers: 'stun:callee.example.test', turnServers: { urls: 'turn:t.example.test', username: 'u', password: 'p' } });
    await flush();
    web.pc.completeGathering();
    await flush();
    expect(web.pc.configuration.iceServers).toEqual([{ urls: 'stun:callee.example.test' }, { urls: ['turn:t.example.test'], username: 'u', credential: 'p' }]);
    expect(web.pc.calls.filter((call) => call === 'setConfiguration' || call.startsWith('setLocalDescription'))).toEqual(['setConfiguration', 'setLocalDescription answer']);
    expect(transport.statuses.at(-1)).toBe(200);
  });

  it('legacy shorthand: a media element for the options of ua.invite() and accept() means audio (and video for <video>), the remote stream played in it', async () => {
    class MediaElement {
      srcObject: unknown = null;
      constructor(readonly tagName: string) {}
      play(): Promise<void> {
        return Promise.resolve();
      }
    }
    vi.stubGlobal('HTMLMediaElement', MediaElement);
    const video = new MediaElement('VIDEO');
    const { ua, web } = browserUa();
    const context = await call(ua, web, video as unknown as Record<string, unknown>);
    web.pc.remoteTrack(new FakeTrack('video'));
    expect(web.userMediaRequests).toEqual([{ audio: true, video: true }]);
    expect(video.srcObject).toBe(context.getRemoteStreams()[0]);

    const callee = browserUa();
    const audio = new MediaElement('AUDIO');
    const incoming = await incomingCall(callee.ua, callee.transport);
    incoming.accept(audio as unknown as HTMLMediaElement);
    await flush();
    callee.web.pc.completeGathering();
    await flush();
    expect(callee.web.userMediaRequests).toEqual([{ audio: true, video: false }]);
    expect(callee.transport.statuses.at(-1)).toBe(200);
  });

  it('getUserMedia refused (NotAllowedError): the caller fails with USER_DENIED_MEDIA_ACCESS and sends nothing; the callee answers 480 and fails likewise', async () => {
    const denied = (): Promise<FakeStream> => Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
    const caller = browserUa();
    caller.web.microphone = denied;
    await settle();
    const outgoing = caller.ua.invite('bob@example.test');
    const failed: unknown[] = [];
    outgoing.on('failed', (response, cause) => failed.push(response, cause));
    await flush();
    expect(failed).toEqual([undefined, SIP.C.causes.USER_DENIED_MEDIA_ACCESS]);
    expect(invites(caller.transport)).toEqual([]);

    const callee = browserUa();
    callee.web.microphone = denied;
    const incoming = await incomingCall(callee.ua, callee.transport);
    const refused: unknown[] = [];
    incoming.on('failed', (response, cause) => refused.push(response?.status_code, cause));
    incoming.accept();
    await flush();
    expect(callee.transport.statuses.at(-1)).toBe(480);
    expect(refused).toEqual([480, SIP.C.causes.USER_DENIED_MEDIA_ACCESS]);
  });
});
