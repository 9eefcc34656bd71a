// In-page side of test/browser/webrtc-handler.test.ts: WebRTC media handlers made by the library's
// browser factory, driven by the test through `window.webrtcTest`. Offers and answers go from one
// handler to the other directly, as the session layer would carry them in SIP bodies.
import { parse, write } from 'sdp-transform';
import { webRtcSessionDescriptionHandlerFactory, type WebRtcSessionDescriptionHandler } from '../../../src/index.js';

interface Peer {
  handler: WebRtcSessionDescriptionHandler;
  events: string[];
  tones: string[];
}

const peers = new Map<string, Peer>();

const LEGACY_EVENTS = [
  'userMediaRequest',
  'userMedia',
  'userMediaFailed',
  'iceGathering',
  'iceGatheringComplete',
  'iceConnection',
  'iceConnectionChecking',
  'iceConnectionConnected',
  'iceConnectionCompleted',
  'iceConnectionFailed',
  'iceConnectionDisconnected',
  'iceConnectionClosed',
  'addStream',
  'getDescription',
  'setDescription',
] as const;

function peer(name: string): Peer {
  const found = peers.get(name);
  if (found === undefined) throw new Error(`no handler named ${name}`);
  return found;
}

/** The answer without RFC 4733 telephone-event, as a peer that does not do it would send. */
function withoutTelephoneEvent(sdp: string): string {
  const description = parse(sdp);
  for (const media of description.media) {
    const events = new Set(media.rtp.filter((rtp) => rtp.codec.toLowerCase() === 'telephone-event').map((rtp) => rtp.payload));
    media.rtp = media.rtp.filter((rtp) => !events.has(rtp.payload));
    media.fmtp = media.fmtp.filter((fmtp) => !events.has(fmtp.payload));
    media.payloads = String(media.payloads ?? '')
      .split(' ')
      .filter((payload) => !events.has(Number(payload)))
      .join(' ');
  }
  return write(description);
}

const webrtcTest = {
  create(name: string, extra: Record<string, unknown> = {}, iceGatheringTimeout = 3000): void {
    const handler = webRtcSessionDescriptionHandlerFactory({ constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout, extra });
    const entry: Peer = { handler, events: [], tones: [] };
    for (const event of LEGACY_EVENTS) handler.on(event, () => entry.events.push(event));
    handler.on('failed', (cause) => entry.events.push(`failed:${cause}`));
    peers.set(name, entry);
  },

  /** One offer/answer exchange; returns both bodies. */
  async negotiate(offerer: string, answerer: string, options: { hold?: boolean; answerHold?: boolean; answerWithoutTelephoneEvent?: boolean } = {}): Promise<{ offer: string; answer: string }> {
    const offer = await peer(offerer).handler.getDescription({ hold: options.hold === true });
    await peer(answerer).handler.setDescription(offer);
    const answer = await peer(answerer).handler.getDescription({ hold: options.answerHold === true });
    const delivered = options.answerWithoutTelephoneEvent === true ? { ...answer, body: withoutTelephoneEvent(answer.body) } : answer;
    await peer(offerer).handler.setDescription(delivered);
    return { offer: offer.body, answer: delivered.body };
  },

  /** getDescription's body: an offer, or the answer when the peer's offer was set last. */
  async describe(name: string, hold = false): Promise<string> {
    return (await peer(name).handler.getDescription({ hold })).body;
  },

  /** What setDescription does with a given body: 'ok', or the name of the error it rejects with. */
  async setDescription(name: string, body: string): Promise<string> {
    try {
      await peer(name).handler.setDescription({ body, contentType: 'application/sdp' });
      return 'ok';
    } catch (error) {
      return error instanceof Error ? error.name : String(error);
    }
  },

  async getDescriptionError(name: string): Promise<string> {
    try {
      await peer(name).handler.getDescription();
      return 'none';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  },

  /** RTP packets of audio received so far, from getStats() (inbound-rtp). */
  async inboundAudioPackets(name: string): Promise<number> {
    let packets = 0;
    (await peer(name).handler.peerConnection.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },

  states(name: string): { connection: string; iceConnection: string; signaling: string } {
    const pc = peer(name).handler.peerConnection;
    return { connection: pc.connectionState, iceConnection: pc.iceConnectionState, signaling: pc.signalingState };
  },

  /** Resolves with the connection state once it is `state`, or with whatever it is after `timeoutMs`. */
  waitForConnection(name: string, state: RTCPeerConnectionState, timeoutMs: number): Promise<string> {
    const pc = peer(name).handler.peerConnection;
    return new Promise((resolve) => {
      if (pc.connectionState === state) return resolve(state);
      const timer = setTimeout(() => resolve(pc.connectionState), timeoutMs);
      pc.addEventListener('connectionstatechange', () => {
        if (pc.connectionState !== state) return;
        clearTimeout(timer);
        resolve(state);
      });
    });
  },

  streams(name: string): { local: string[]; remote: string[] } {
    const describe = (streams: MediaStream[]): string[] => streams.flatMap((stream) => stream.getTracks().map((track) => `${track.kind}:${track.readyState}`));
    const handler = peer(name).handler;
    return { local: describe(handler.getLocalStreams()), remote: describe(handler.getRemoteStreams()) };
  },

  /** sendDtmf, with the tones the browser's RTCDTMFSender then plays collected from its tonechange events. */
  sendDtmf(name: string, tones: string, duration: number, interToneGap: number): boolean {
    const entry = peer(name);
    for (const sender of entry.handler.peerConnection.getSenders()) {
      if (sender.dtmf === null || (sender.dtmf as RTCDTMFSender & { watched?: boolean }).watched) continue;
      Object.assign(sender.dtmf, { watched: true });
      sender.dtmf.addEventListener('tonechange', (event) => entry.tones.push(event.tone));
    }
    return entry.handler.sendDtmf(tones, { duration, interToneGap });
  },

  /** The tones played so far; the empty tone marks the end of the buffer. */
  tones(name: string): string[] {
    return peer(name).tones;
  },

  events(name: string): string[] {
    return peer(name).events;
  },

  close(name: string): void {
    peer(name).handler.close();
  },
};

declare global {
  interface Window {
    webrtcTest: typeof webrtcTest;
  }
}

window.webrtcTest = webrtcTest;
