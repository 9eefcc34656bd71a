import { afterEach, describe, expect, it, vi } from 'vitest';
import RootSIP, { FakeClock, WebRtcSessionDescriptionHandler } from '../../src/index.js';
import NodeSIP, { RtpSessionDescriptionHandler, rtpSessionDescriptionHandlerFactory } from '../../src/node.js';
import { FakeMediaSockets } from '../support/fake-media-sockets.js';
import { FakePeerConnection, FakeStream, FakeTrack } from '../support/fake-web-rtc.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

// Which media handler a call gets when neither the configuration nor the call names one: the root
// entry's (browsers') UA makes WebRTC handlers where the platform has RTCPeerConnection and
// getUserMedia; sipforge/node's makes RTP handlers, even where a WebRTC implementation is installed.

const quiet = { builtinEnabled: false };

/** A platform with WebRTC: the scripted peer connection and microphone of test/support/fake-web-rtc.ts as globals. */
function withWebRtc(): void {
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('RTCRtpReceiver', { getCapabilities: () => ({ codecs: [{ mimeType: 'audio/opus' }] }) });
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => Promise.resolve(new FakeStream([new FakeTrack('audio')])) } });
}

function started(UA: typeof RootSIP.UA | typeof NodeSIP.UA, configuration: Record<string, unknown> = {}, localAddress?: string) {
  const clock = new FakeClock();
  const remote = { protocol: 'WS' as const, host: '127.0.0.1', port: 8080 };
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote, localAddress });
  const ua = new UA({ uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: quiet, ...configuration }, { transportFactory: () => () => transport, clock });
  ua.start();
  return ua;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the default media handler of a call', () => {
  it('root UA (browsers): a WebRTC handler where the platform has RTCPeerConnection and getUserMedia', async () => {
    withWebRtc();
    const ua = started(RootSIP.UA);
    await settle();
    const context = ua.invite('bob@example.test');
    expect(context.mediaHandler).toBeInstanceOf(WebRtcSessionDescriptionHandler);
    context.cancel();
  });

  it('root UA without WebRTC on the platform: none, and the call fails with WEBRTC_NOT_SUPPORTED', async () => {
    const ua = started(RootSIP.UA);
    await settle();
    const context = ua.invite('bob@example.test');
    const failed: unknown[] = [];
    context.on('failed', (_response, cause) => failed.push(cause));
    await settle();
    expect(context.mediaHandler).toBeUndefined();
    expect(failed).toEqual([RootSIP.C.causes.WEBRTC_NOT_SUPPORTED]);
  });

  it('sipforge/node\'s UA: an RTP handler, even where a WebRTC implementation is installed', async () => {
    withWebRtc();
    const ua = started(NodeSIP.UA);
    await settle();
    const context = ua.invite('bob@example.test');
    expect(context.mediaHandler).toBeInstanceOf(RtpSessionDescriptionHandler);
    context.mediaHandler!.close();
    context.cancel();
  });

  it('sipforge/node\'s RTP handler offers the local address of the UA\'s connection to its server', async () => {
    const sockets = new FakeMediaSockets(40000);
    const mediaHandlerFactory = rtpSessionDescriptionHandlerFactory({ socketFactory: sockets.factory, clock: new FakeClock() });
    const ua = started(NodeSIP.UA, { mediaHandlerFactory }, '192.0.2.44');
    await settle();
    const context = ua.invite('bob@example.test');
    await settle();
    expect(context.request.body).toMatch(/\r\nc=IN IP4 192\.0\.2\.44\r\n/);
    context.cancel();
  });
});
