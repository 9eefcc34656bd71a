// In-page side of test/browser/kamailio-browser-call.test.ts: one browser UA per page, from the
// real script-tag bundle (the global `SIP` of dist/sipforge.browser.js, loaded before this script),
// driven by the test through `window.callTest`. Nothing here names a media handler: a browser UA
// must make its calls' media with the library's WebRTC handler by default.

/** What this page uses of a message the API hands out (legacy view). */
interface Message {
  body: string;
  getHeader(name: string): string | undefined;
}

/** What this page uses of a call context (`ua.invite()`'s, or the `invite` event's). */
interface CallContext {
  on(event: string, listener: (...args: never[]) => void): unknown;
  accept(options?: Record<string, unknown>): unknown;
  bye(): unknown;
  dtmf(tones: string, options?: Record<string, unknown>): unknown;
  request: Message;
  mediaHandler?: unknown;
  getLocalStreams(): MediaStream[];
  getRemoteStreams(): MediaStream[];
}

interface UserAgent {
  on(event: string, listener: (...args: never[]) => void): unknown;
  invite(target: string, options?: Record<string, unknown>): CallContext;
  stop(): unknown;
}

const CONSTRAINTS = { audio: true, video: false };

let ua: UserAgent | undefined;
let call: CallContext | undefined;
let events: string[] = [];
let incomingInvites = 0;
/** The bodies of the call's offer and answer as this side sent and received them over SIP. */
let bodies: { sent?: string; received?: string } = {};
/** The `media.render` elements of the call. */
let render: { local: HTMLAudioElement; remote: HTMLAudioElement } | undefined;

function once(emitter: { on(event: string, listener: (...args: never[]) => void): unknown }, event: string, timeoutMs: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.on(event, (...args: never[]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Render elements for a new call; the local one muted, as a softphone's self-view is. */
function renderElements(): { local: HTMLAudioElement; remote: HTMLAudioElement } {
  const local = document.createElement('audio');
  local.muted = true;
  const remote = document.createElement('audio');
  document.body.append(local, remote);
  render = { local, remote };
  return render;
}

function track(context: CallContext, role: 'caller' | 'callee'): void {
  call = context;
  events = [];
  bodies = {};
  for (const event of ['progress', 'accepted', 'confirmed', 'bye', 'terminated']) context.on(event, () => events.push(event));
  context.on('failed', (...args: never[]) => {
    const [response, cause] = args as unknown as [{ status_code?: number } | undefined, string];
    events.push(`failed ${response?.status_code ?? '-'} ${cause}`);
  });
  context.on('accepted', (...args: never[]) => {
    const [response] = args as unknown as [Message];
    // The offer goes in the INVITE, the answer in the 200 (RFC 3261 §13.2.1).
    const [offer, answer] = [context.request.body, response.body];
    bodies = role === 'caller' ? { sent: offer, received: answer } : { sent: answer, received: offer };
  });
}

/** The peer connection of the call's media handler, or why there is none. */
function peerConnection(): RTCPeerConnection {
  const handler = call?.mediaHandler as { peerConnection?: RTCPeerConnection } | undefined;
  if (call === undefined) throw new Error('no call');
  if (handler?.peerConnection === undefined) {
    throw new Error('the call has no WebRTC media handler (session.mediaHandler.peerConnection)');
  }
  return handler.peerConnection;
}

/** An SDP attribute's values, in order (`ice-ufrag`, `fingerprint` …). */
function attribute(sdp: string | undefined, name: string): string[] {
  return (sdp ?? '').split(/\r?\n/).filter((line) => line.startsWith(`a=${name}:`));
}

const callTest = {
  /**
   * Start a UA for `user` (password "secret" in the harness) on Kamailio's WebSocket, registered; with `answer`, it accepts every call;
   * `dtmfType` as the UA option (how `dtmf()` sends digits).
   */
  async register(user: string, wsUrl: string, answer: boolean, dtmfType?: 'info' | 'rtp'): Promise<void> {
    const dtmf = dtmfType === undefined ? {} : { dtmfType };
    const agent = new SIP.UA({ uri: `${user}@example.test`, wsServers: wsUrl, password: 'secret', register: true, log: { builtinEnabled: false }, ...dtmf }) as unknown as UserAgent;
    ua = agent;
    agent.on('invite', (...args: never[]) => {
      const [context] = args as unknown as [CallContext];
      incomingInvites += 1;
      if (!answer) return;
      track(context, 'callee');
      context.accept({ media: { constraints: CONSTRAINTS, render: renderElements() } });
    });
    await once(agent, 'registered', 10_000);
  },

  /** Call `target`; resolves when the call is accepted. */
  async call(target: string): Promise<void> {
    if (ua === undefined) throw new Error('no UA');
    const context = ua.invite(target, { media: { constraints: CONSTRAINTS, render: renderElements() } });
    track(context, 'caller');
    await once(context, 'accepted', 10_000);
  },

  /** Call `target` and wait until the call has ended, however it ends; resolves with its events. */
  async callToTheEnd(target: string, timeoutMs: number): Promise<string[]> {
    if (ua === undefined) throw new Error('no UA');
    const context = ua.invite(target, { media: { constraints: CONSTRAINTS } });
    track(context, 'caller');
    await once(context, 'terminated', timeoutMs);
    return events;
  },

  /** The call's peer connection state once it is `connected`, or whatever it is after `timeoutMs`. */
  async connection(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const pc = peerConnection();
      if (pc.connectionState === 'connected') return 'connected';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return peerConnection().connectionState;
  },

  /** What getStats() says of the audio received: RTP packets, and the energy of the decoded audio (0 for silence). */
  async inboundAudio(): Promise<{ packets: number; energy: number }> {
    let packets = 0;
    let energy = 0;
    (await peerConnection().getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number }) => {
      if (report.type !== 'inbound-rtp' || report.kind !== 'audio') return;
      packets += report.packetsReceived ?? 0;
      energy += report.totalAudioEnergy ?? 0;
    });
    return { packets, energy };
  },

  /**
   * That the descriptions went over SIP and are the ones the peer connection uses: the ICE and DTLS
   * credentials of the body sent are the local description's, those of the body received the remote
   * description's; each body carries its candidates (no trickle over SIP). Also the streams and render elements.
   */
  evidence() {
    const pc = peerConnection();
    const [local, remote] = [pc.localDescription?.sdp, pc.remoteDescription?.sdp];
    const credentials = (sdp: string | undefined): string[] => [...attribute(sdp, 'ice-ufrag'), ...attribute(sdp, 'fingerprint')];
    return {
      sent: bodies.sent ?? '',
      received: bodies.received ?? '',
      sentMatchesLocal: credentials(bodies.sent).length > 0 && credentials(bodies.sent).join() === credentials(local).join(),
      receivedMatchesRemote: credentials(bodies.received).length > 0 && credentials(bodies.received).join() === credentials(remote).join(),
      candidatesSent: attribute(bodies.sent, 'candidate').length,
      recordRoute: call!.request.getHeader('Record-Route') ?? '',
      localStreams: call!.getLocalStreams().map((stream) => stream.getAudioTracks().length),
      remoteStreams: call!.getRemoteStreams().map((stream) => stream.getAudioTracks().length),
      rendered: render !== undefined && render.local.srcObject === call!.getLocalStreams()[0] && render.remote.srcObject === call!.getRemoteStreams()[0],
      // Playing, not refused by the autoplay policy (no user gesture in these pages).
      remotePlaying: render !== undefined && !render.remote.paused,
    };
  },

  signalingState(): string {
    return peerConnection().signalingState;
  },

  /** The microphone tracks the handler opened, stopped at the end of the call. */
  localTracksEnded(): boolean {
    const tracks = (call?.getLocalStreams() ?? []).flatMap((stream) => stream.getTracks());
    return tracks.length > 0 && tracks.every((t) => t.readyState === 'ended');
  },

  /** Send digits in the call (`session.dtmf`), by the UA's `dtmfType`. */
  dtmf(tones: string): void {
    if (call === undefined) throw new Error('no call');
    call.dtmf(tones, { duration: 120, interToneGap: 80 });
  },

  async hangUp(): Promise<void> {
    if (call === undefined) throw new Error('no call');
    const ended = once(call, 'terminated', 10_000);
    call.bye();
    await ended;
  },

  /** Resolves once the call has ended (`terminated`), within `timeoutMs`. */
  async ended(timeoutMs: number): Promise<void> {
    if (events.includes('terminated')) return;
    if (call === undefined) throw new Error('no call');
    await once(call, 'terminated', timeoutMs);
  },

  events(): string[] {
    return events;
  },

  /** INVITEs of new calls that reached this UA, answered or not. */
  incomingInvites(): number {
    return incomingInvites;
  },

  stop(): void {
    ua?.stop();
  },
};

declare global {
  interface Window {
    callTest: typeof callTest;
  }
}

window.callTest = callTest;
