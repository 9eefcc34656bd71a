import { networkInterfaces } from 'node:os';

/** Strip the IPv4-mapped prefix a dual-stack socket reports (`::ffff:127.0.0.1` → `127.0.0.1`). */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The address to put in Via sent-by for a socket bound to `bindHost`: the bound address itself,
 * or for a wildcard bind the first external IPv4 address (127.0.0.1 when there is none).
 */
export function sentByHost(bindHost: string): string {
  if (bindHost !== '0.0.0.0' && bindHost !== '::') return bindHost;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return '127.0.0.1';
}
