import type { TransportProtocol } from './transport.js';

/** A server as configured: a `ws:`/`wss:` URL, or (Node) `udp:`, `tcp:`, `tls:` host:port; higher weight is tried first. */
export interface SipServerConfig {
  uri: string;
  weight?: number;
}

/** A configured server, parsed. */
export interface SipServer {
  uri: string;
  weight: number;
  protocol: TransportProtocol;
  host: string;
  port: number;
}

const DEFAULT_PORTS: Record<TransportProtocol, number> = { UDP: 5060, TCP: 5060, TLS: 5061, WS: 80, WSS: 443 };

/** Parse `ws://host[:port][/path]`, `wss://…`, `udp:host[:port]`, `tcp:…`, `tls:…` (also with `//`). */
export function parseSipServer(config: SipServerConfig | string): SipServer {
  const { uri, weight = 0 } = typeof config === 'string' ? { uri: config } : config;
  if (!Number.isFinite(weight)) throw new TypeError(`invalid server weight ${weight} for ${uri}`);
  const scheme = /^([a-z]+):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'ws' || scheme === 'wss') {
    const url = new URL(uri);
    const protocol = scheme === 'wss' ? 'WSS' : 'WS';
    return { uri, weight, protocol, host: url.hostname, port: url.port === '' ? DEFAULT_PORTS[protocol] : Number(url.port) };
  }
  if (scheme === 'udp' || scheme === 'tcp' || scheme === 'tls') {
    const protocol = scheme.toUpperCase() as 'UDP' | 'TCP' | 'TLS';
    const rest = uri.slice(scheme.length + 1).replace(/^\/\//, '').replace(/\/$/, '');
    const hostPort = /^(\[[0-9a-f:.]+\]|[^:[\]/]+)(?::(\d{1,5}))?$/i.exec(rest);
    if (hostPort === null) throw new TypeError(`invalid server URI ${uri}: expected ${scheme}:host:port`);
    const port = hostPort[2] === undefined ? DEFAULT_PORTS[protocol] : Number(hostPort[2]);
    if (port < 1 || port > 65535) throw new TypeError(`invalid port in server URI ${uri}`);
    return { uri, weight, protocol, host: (hostPort[1] ?? '').replace(/^\[|\]$/g, ''), port };
  }
  throw new TypeError(`unsupported server URI ${uri}: expected ws:, wss:, udp:, tcp: or tls:`);
}

/** Servers in the order to try them: higher weight first, equal weights in random order. */
export function orderByWeight(servers: readonly SipServer[], random: () => number = Math.random): SipServer[] {
  const shuffled = [...servers];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  // Array.prototype.sort is stable, so the shuffle decides among equal weights.
  return shuffled.sort((a, b) => b.weight - a.weight);
}
