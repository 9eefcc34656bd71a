import { createRequire } from 'node:module';
import WebSocket from 'ws';
import type { LegacySip } from '../driver-api.js';
import { nextSessionId, staticSdp, type UaAdapter } from './ua-adapter.js';

const require = createRequire(import.meta.url);

/** The parts of a legacy SIP.js message the media handler reads. */
interface LegacyBodyMessage {
  body?: string;
  getHeader(name: string): string | undefined;
}

/**
 * A legacy (0.7) media handler that offers and answers a plain audio SDP and carries no media: SIP.js
 * 0.7.8's own handler is WebRTC, which Node lacks. Hold and unhold change the direction it offers;
 * its answers follow the offer's direction.
 */
function staticMediaHandlerFactory(SIP: { MediaHandler: new () => object }): ((session: unknown) => object) & { isSupported(): boolean } {
  const factory = (): object => {
    const handler = Object.create((SIP.MediaHandler as unknown as { prototype: object }).prototype) as Record<string, unknown>;
    // Own properties, defined rather than assigned: the prototype's are read-only.
    const define = (values: Record<string, unknown>): void => {
      for (const [key, value] of Object.entries(values)) Object.defineProperty(handler, key, { value, writable: true, configurable: true, enumerable: true });
    };
    // RFC 3264 §8: one session id for the call, its version one up with each description.
    const sessionId = nextSessionId();
    let held = false;
    let version = 1;
    // RFC 3264 §6.1: an answer's direction follows the offer's (sendonly → recvonly, inactive → inactive).
    let remote: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv';
    let offered = false;
    let answering = false;
    const answerTo = (): 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' => {
      if (remote === 'inactive') return 'inactive';
      if (remote === 'sendonly') return held ? 'inactive' : 'recvonly';
      if (remote === 'recvonly') return held ? 'inactive' : 'sendonly';
      return held ? 'sendonly' : 'sendrecv';
    };
    define({
      isReady: () => true,
      close: () => undefined,
      getDescription: () => {
        const direction = answering ? answerTo() : held ? 'sendonly' : 'sendrecv';
        offered = !answering;
        answering = false;
        return Promise.resolve({ body: staticSdp(direction, version++, sessionId), contentType: 'application/sdp' });
      },
      hasDescription: (message: LegacyBodyMessage) => /^application\/sdp/i.test(message.getHeader('Content-Type') ?? '') && !!message.body,
      setDescription: (message: LegacyBodyMessage) => {
        remote = (/^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(message.body ?? '')?.[1] as typeof remote | undefined) ?? 'sendrecv';
        answering = !offered;
        offered = false;
        define({ remote_hold: remote === 'sendonly' || remote === 'inactive' });
        return Promise.resolve();
      },
      hold: () => {
        held = true;
      },
      unhold: () => {
        held = false;
      },
      mute: () => undefined,
      unmute: () => undefined,
      isMuted: () => ({ audio: false, video: false }),
      render: () => undefined,
      getLocalStreams: () => [],
      getRemoteStreams: () => [],
      updateIceServers: () => undefined,
      getReferMedia: () => undefined,
    });
    return handler;
  };
  return Object.assign(factory, { isSupported: () => true });
}

/**
 * SIP.js 0.7.8, the legacy library the API mirrors (the npm alias `sip.js-0.7.8`): built from its own
 * module factory with the `ws` package as its WebSocket, since Node has none that it can use, and
 * the static media handler above.
 */
export async function loadSipJs078(): Promise<UaAdapter> {
  const environment = { ...(require('sip.js-0.7.8/src/environment_browser.js') as Record<string, unknown>), WebSocket, Promise, timers: globalThis, console };
  const SIP = (require('sip.js-0.7.8/src/SIP.js') as (environment: unknown) => LegacySip & { MediaHandler: new () => object })(environment);
  const mediaHandlerFactory = staticMediaHandlerFactory(SIP);
  return {
    SIP,
    config: () => ({ mediaHandlerFactory, autostop: false }),
    media: { invite: () => ({}), accept: () => ({}), progress: () => ({}) },
    readTrace(category, content) {
      if (category !== 'sip.transport') return undefined;
      const match = /^(sending WebSocket message|received WebSocket (?:text|binary) message):\n\n([\s\S]*)\n$/.exec(content);
      if (match === null) return undefined;
      return { direction: match[1]!.startsWith('sending') ? 'sent' : 'received', text: match[2]! };
    },
  };
}
