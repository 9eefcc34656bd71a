// In-page side of test/browser/kamailio-browser-call.test.ts: one browser UA per page, from the
// real script-tag bundle (the global `SIP` of dist/sipforge.browser.js, loaded before this script),
// driven by the test through `window.callTest`. Nothing here names a media handler: a browser UA
// must make its calls' media with the library's WebRTC handler by default.

/** What this page uses of a call context (`ua.invite()`'s, or the `invite` event's). */
interface CallContext {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  accept(options?: Record<string, unknown>): unknown;
  bye(): unknown;
  mediaHandler?: unknown;
}

interface UserAgent {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  invite(target: string, options?: Record<string, unknown>): CallContext;
  stop(): unknown;
}

const MEDIA = { constraints: { audio: true, video: false } };

let ua: UserAgent | undefined;
let call: CallContext | undefined;
const events: string[] = [];

function once(emitter: { on(event: string, listener: (...args: unknown[]) => void): unknown }, event: string, timeoutMs: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.on(event, (...args) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(args);
    });
  });
}

function track(context: CallContext): void {
  call = context;
  for (const event of ['progress', 'accepted', 'confirmed', 'failed', 'bye', 'terminated']) context.on(event, () => events.push(event));
}

/** The peer connection of the call's media handler, or why there is none. */
function peerConnection(): RTCPeerConnection {
  const handler = call?.mediaHandler as { peerConnection?: RTCPeerConnection } | undefined;
  if (call === undefined) throw new Error('no call');
  if (handler?.peerConnection === undefined) {
    throw new Error('the call has no WebRTC media handler (session.mediaHandler.peerConnection): the session layer of issue 8 makes it');
  }
  return handler.peerConnection;
}

const callTest = {
  /** Start a UA for `user` (password "secret" in the harness) on Kamailio's WebSocket, registered; callee answers every call. */
  async register(user: string, wsUrl: string, answer: boolean): Promise<void> {
    const agent = new SIP.UA({ uri: `${user}@example.test`, wsServers: wsUrl, password: 'secret', register: true, log: { builtinEnabled: false } }) as unknown as UserAgent;
    ua = agent;
    if (answer) {
      agent.on('invite', (context) => {
        track(context as CallContext);
        (context as CallContext).accept({ media: MEDIA });
      });
    }
    await once(agent, 'registered', 10_000);
  },

  /** Call `target`; resolves when the call is accepted. */
  async call(target: string): Promise<void> {
    if (ua === undefined) throw new Error('no UA');
    const context = ua.invite(target, { media: MEDIA });
    track(context);
    await once(context, 'accepted', 10_000);
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

  async inboundAudioPackets(): Promise<number> {
    let packets = 0;
    (await peerConnection().getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },

  signalingState(): string {
    return peerConnection().signalingState;
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
