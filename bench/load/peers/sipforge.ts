import SIP from '../../../src/node.js';
import { DOMAIN, PASSWORD, type LoadPeer } from './peer.js';

/** sipforge's legacy `SIP.UA` (sipforge/node), each UA on a connection of its own or on one shared by all. */
function sipforge(name: string, sharedConnection: boolean): LoadPeer {
  return {
    name,
    start(user, wsUrl, onMessage) {
      const ua = new SIP.UA({ uri: `${user}@${DOMAIN}`, password: PASSWORD, wsServers: wsUrl, sharedConnection, log: { builtinEnabled: false } });
      ua.on('message', onMessage);
      const registered = new Promise<void>((resolve, reject) => {
        ua.once('registered', () => resolve());
        ua.once('registrationFailed', (_response: unknown, cause: unknown) => reject(new Error(`${user}: ${String(cause)}`)));
      });
      return { registered, handle: ua };
    },
  };
}

/** It connects and registers as soon as it is made. */
export const sipforgePeer = sipforge('sipforge', false);
/** The same with `sharedConnection`: the process's UAs share one WebSocket connection. */
export const sipforgeSharedPeer = sipforge('sipforge-shared', true);
