import WebSocket from 'ws';
import { Registerer, RegistererState, UserAgent } from 'sip.js';
import { DOMAIN, PASSWORD, type LoadPeer } from './peer.js';

// SIP.js 0.21's transport opens `new WebSocket(url, 'sip')`: Node 20 has none, `ws` stands in.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** SIP.js 0.21: a `UserAgent` and its `Registerer`, each UA on its own WebSocket. */
export const sipjsPeer: LoadPeer = {
  name: 'SIP.js 0.21',
  start(user, wsUrl, onMessage) {
    const ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${user}@${DOMAIN}`),
      authorizationUsername: user,
      authorizationPassword: PASSWORD,
      transportOptions: { server: wsUrl },
      logBuiltinEnabled: false,
      logLevel: 'error',
      delegate: {
        onMessage: (message) => {
          void message.accept();
          onMessage();
        },
      },
    });
    const registerer = new Registerer(ua);
    const registered = new Promise<void>((resolve, reject) => {
      registerer.stateChange.addListener((state) => {
        if (state === RegistererState.Registered) resolve();
        else if (state === RegistererState.Terminated) reject(new Error(`${user}: registerer terminated`));
      });
      ua.start()
        .then(() => registerer.register({ requestDelegate: { onReject: (r) => reject(new Error(`${user}: ${r.message.statusCode}`)) } }))
        .catch(reject);
    });
    return { registered, handle: ua };
  },
};
