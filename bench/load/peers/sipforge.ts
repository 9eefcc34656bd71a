import SIP from '../../../src/node.js';
import { DOMAIN, PASSWORD, type LoadPeer } from './peer.js';

/** sipforge's legacy `SIP.UA` (sipforge/node): it connects and registers as soon as it is made. */
export const sipforgePeer: LoadPeer = {
  name: 'sipforge',
  start(user, wsUrl, onMessage) {
    const ua = new SIP.UA({ uri: `${user}@${DOMAIN}`, password: PASSWORD, wsServers: wsUrl, log: { builtinEnabled: false } });
    ua.on('message', onMessage);
    const registered = new Promise<void>((resolve, reject) => {
      ua.once('registered', () => resolve());
      ua.once('registrationFailed', (_response: unknown, cause: unknown) => reject(new Error(`${user}: ${String(cause)}`)));
    });
    return { registered, handle: ua };
  },
};
