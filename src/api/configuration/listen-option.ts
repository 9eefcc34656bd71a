import { formatListenAddress, parseListenAddress, type ListenAddress } from '../../transport/listen-address.js';
import { ConfigurationError } from '../exceptions.js';

/** The `listen` option: `udp:host:port` or `tcp:host:port`, where the UA receives requests (sipforge/node). */
export function checkListen(value: unknown): ListenAddress {
  if (typeof value !== 'string') throw new ConfigurationError('listen', value, 'expected a string such as "udp:127.0.0.1:5080"');
  try {
    return Object.freeze(parseListenAddress(value));
  } catch (error) {
    throw new ConfigurationError('listen', value, error instanceof Error ? error.message : String(error));
  }
}

/**
 * A REGISTER binds the Contact, which names the listen address: its port must be known before the
 * socket is bound, so an ephemeral port (0) cannot be registered.
 */
export function checkListenRegistrable(listen: ListenAddress | undefined, reason: string): void {
  if (listen === undefined || listen.port !== 0) return;
  throw new ConfigurationError('listen', formatListenAddress(listen), `an ephemeral port (0) cannot be registered (${reason}): give a port`);
}
