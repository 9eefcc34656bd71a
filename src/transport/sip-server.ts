import { hidePasswords } from './hide-passwords.js';
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

/** The server schemes there are, for error messages: the browser-safe ones first. */
export const ACCEPTED_SERVER_SCHEMES = 'ws:, wss: (and with sipforge/node: udp:, tcp:, tls:)';

const DEFAULT_PORTS: Record<TransportProtocol, number> = { UDP: 5060, TCP: 5060, TLS: 5061, WS: 80, WSS: 443 };

/**
 * Parse `ws://host[:port][/path]`, `wss://…`, `udp:host[:port]`, `tcp:…`, `tls:…` (also with `//`).
 * Throws a TypeError saying what is wrong (with the accepted schemes for an unknown one); a
 * password written into the URL is not repeated in it.
 */
export function parseSipServer(config: SipServerConfig | string): SipServer {
  const { uri, weight = 0 } = typeof config === 'string' ? { uri: config } : config;
  if (!Number.isFinite(weight)) throw new TypeError(`invalid server weight ${weight} for ${hidePasswords(uri)}`);
  const match = /^([a-z][a-z0-9+.-]*):(.?)/i.exec(uri);
  const scheme = match?.[1]?.toLowerCase();
  if (scheme === 'ws' || scheme === 'wss') return { uri, weight, ...parseWebSocketUrl(uri, scheme) };
  if (scheme === 'udp' || scheme === 'tcp' || scheme === 'tls') return { uri, weight, ...parseHostPort(uri, scheme) };
  // `host:5060` reads like a scheme `host:`: say that the scheme is missing, not that it is unknown.
  if (scheme === undefined || /\d/.test(match?.[2] ?? '')) {
    throw new TypeError(`invalid server URL ${hidePasswords(uri)}: no scheme; accepted: ${ACCEPTED_SERVER_SCHEMES}`);
  }
  throw new TypeError(`unsupported server scheme "${scheme}:" in ${hidePasswords(uri)}; accepted: ${ACCEPTED_SERVER_SCHEMES}`);
}

function invalid(uri: string, why: string): TypeError {
  return new TypeError(`invalid server URL ${hidePasswords(uri)}: ${why}`);
}

function parseWebSocketUrl(uri: string, scheme: 'ws' | 'wss'): Pick<SipServer, 'protocol' | 'host' | 'port'> {
  const expected = `expected ${scheme}://host[:port][/path]`;
  // The WHATWG URL parser reads `wss:/host`, `ws:host` and `wss:///host` as `wss://host`, so a typo
  // would pass unseen: the two slashes and a host right after them are checked here.
  if (!/^[a-z]+:\/\/[^/?#]/i.test(uri)) throw invalid(uri, expected);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(uri, expected);
  }
  if (url.hostname === '') throw invalid(uri, expected);
  // RFC 6455 §3: fragment identifiers "MUST NOT be used" on WebSocket URIs (the WebSocket API throws on one).
  if (uri.includes('#')) throw invalid(uri, 'a WebSocket URL has no #fragment');
  const protocol = scheme === 'wss' ? 'WSS' : 'WS';
  const port = url.port === '' ? DEFAULT_PORTS[protocol] : Number(url.port);
  if (port < 1) throw invalid(uri, 'the port must be 1–65535');
  return { protocol, host: url.hostname, port };
}

function parseHostPort(uri: string, scheme: 'udp' | 'tcp' | 'tls'): Pick<SipServer, 'protocol' | 'host' | 'port'> {
  const protocol = scheme.toUpperCase() as 'UDP' | 'TCP' | 'TLS';
  const rest = uri.slice(scheme.length + 1).replace(/^\/\//, '').replace(/\/$/, '');
  const hostPort = /^(\[[0-9a-f:.]+\]|[^:[\]/@]+)(?::(\d{1,5}))?$/i.exec(rest);
  if (hostPort === null) throw invalid(uri, `expected ${scheme}:host[:port]`);
  const port = hostPort[2] === undefined ? DEFAULT_PORTS[protocol] : Number(hostPort[2]);
  if (port < 1 || port > 65535) throw invalid(uri, 'the port must be 1–65535');
  return { protocol, host: (hostPort[1] ?? '').replace(/^\[|\]$/g, ''), port };
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
