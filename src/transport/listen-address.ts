import type { Transport } from './transport.js';

/** Makes the (unbound) transport a UA listens on; `connect()` binds it (sipforge/node: `nodeListenTransportFactory`). */
export type ListenTransportFactory = (address: ListenAddress) => Transport;

/** Where a UA listens for requests (a UAS process): a local address and port, and the transport. */
export interface ListenAddress {
  protocol: 'UDP' | 'TCP';
  host: string;
  /** 0 asks for an ephemeral port; the bound one is known once listening. */
  port: number;
}

/** The listen address schemes there are, for error messages. */
export const ACCEPTED_LISTEN_SCHEMES = 'udp:host[:port], tcp:host[:port] (IPv6 as [address])';

// RFC 3261 §19.1.2: 5060 is the default port of sip: over UDP and TCP.
const DEFAULT_LISTEN_PORT = 5060;

/**
 * Parse `udp:127.0.0.1:5080`, `tcp:0.0.0.0:5060`, `udp:[::1]:0` (also with `//` after the scheme).
 * The host is an address (a name would hide which interface is bound); the port defaults to 5060
 * and may be 0 (ephemeral). Throws a TypeError saying what is wrong.
 */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(udp|tcp):(?:\/\/)?(\[[0-9a-f:.]+\]|[0-9.]+)(?::(\d{1,5}))?\/?$/i.exec(text);
  if (match === null) throw new TypeError(`invalid listen address ${JSON.stringify(text)}: expected ${ACCEPTED_LISTEN_SCHEMES}`);
  const port = match[3] === undefined ? DEFAULT_LISTEN_PORT : Number(match[3]);
  if (port > 65535) throw new TypeError(`invalid listen address ${JSON.stringify(text)}: the port must be 0–65535`);
  const host = match[2]!.replace(/^\[|\]$/g, '');
  if (!host.includes(':') && !isIpv4(host)) throw new TypeError(`invalid listen address ${JSON.stringify(text)}: the host must be an IPv4 or [IPv6] address`);
  return { protocol: match[1]!.toUpperCase() as 'UDP' | 'TCP', host, port };
}

function isIpv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** `udp:127.0.0.1:5080`, `tcp:[::1]:5060`: the address as it is configured. */
export function formatListenAddress(address: ListenAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${address.protocol.toLowerCase()}:${host}:${address.port}`;
}
