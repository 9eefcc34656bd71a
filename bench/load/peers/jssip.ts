import WebSocket from 'ws';
import JsSIP from 'jssip';
import { DOMAIN, PASSWORD, type LoadPeer } from './peer.js';

// JsSIP's WebSocketInterface opens `new WebSocket(url, 'sip')`: Node 20 has none, `ws` stands in.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
JsSIP.debug.disable('JsSIP:*');

/** JsSIP 3.13: a `JsSIP.UA` that registers on start, each on its own WebSocket. */
export const jssipPeer: LoadPeer = {
  name: 'JsSIP 3.13',
  start(user, wsUrl, onMessage) {
    const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(wsUrl)], uri: `sip:${user}@${DOMAIN}`, password: PASSWORD, register: true });
    ua.on('newMessage', (event: { originator: string }) => {
      if (event.originator === 'remote') onMessage();
    });
    const registered = new Promise<void>((resolve, reject) => {
      ua.once('registered', () => resolve());
      ua.once('registrationFailed', (event: { cause?: string }) => reject(new Error(`${user}: ${event.cause}`)));
    });
    ua.start();
    return { registered, handle: ua };
  },
};
