import { hidePasswords, parseSipServer, type SipServer, type TransportProtocol } from '../../transport/index.js';
import { ConfigurationError } from '../exceptions.js';
import type { ConfiguredServer } from './ua-configuration.js';

// Ports a server URI implies when it names none (RFC 7118 §3 for WS/WSS, RFC 3261 §19.1.2 otherwise).
const DEFAULT_PORTS: Record<TransportProtocol, number> = { UDP: 5060, TCP: 5060, TLS: 5061, WS: 80, WSS: 443 };

/**
 * The `wsServers` option: a string, or a list of strings and `{ ws_uri, weight }` objects
 * (`uri` accepted for `ws_uri`), each a `ws:`/`wss:` URL or sipforge's `udp:`/`tcp:`/`tls:`
 * host:port. Any bad entry makes the whole option invalid, as in the legacy check; the error
 * says which entry and why (for an unknown scheme, which ones there are).
 */
export function checkServers(value: unknown, warn: (message: string) => void = () => undefined): ConfiguredServer[] {
  // The servers of the last URL given as a string, shared: a process that makes thousands of UAs gives
  // them all the same server, and each kept its own parsed copy (about 0.3 KB). Frozen, as the
  // configuration freezes them anyway.
  if (typeof value === 'string' && value === lastUrl && lastServers !== undefined) {
    warnClearCredentials(lastServers, warn);
    return lastServers;
  }
  const servers = parseServers(value, warn);
  if (typeof value === 'string') {
    lastUrl = value;
    lastServers = Object.freeze(servers.map((server) => Object.freeze(server))) as ConfiguredServer[];
    return lastServers;
  }
  return servers;
}

let lastUrl: string | undefined;
let lastServers: ConfiguredServer[] | undefined;

function warnClearCredentials(servers: readonly ConfiguredServer[], warn: (message: string) => void): void {
  for (const server of servers) {
    // The WebSocket sends a URL's user:password as HTTP Basic credentials of its handshake (RFC 7118 §7).
    if (server.protocol === 'WS' && /^ws:\/\/[^/?#@]*:[^/?#]*@/i.test(server.uri)) {
      warn(`wsServers: ${hidePasswords(server.uri)} sends its user and password as HTTP Basic credentials in clear text; use wss:`);
    }
  }
}

function parseServers(value: unknown, warn: (message: string) => void): ConfiguredServer[] {
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (list.length === 0) throw new ConfigurationError('wsServers', value);
  return list.map((entry) => {
    const server = toServer(entry);
    if (typeof server === 'string') throw new ConfigurationError('wsServers', value, server);
    warnClearCredentials([server], warn);
    return server;
  });
}

/** The configured server, or why the entry is not one. */
function toServer(entry: unknown): ConfiguredServer | string {
  let uri: unknown;
  let weight: unknown = 0;
  if (typeof entry === 'string') {
    uri = entry;
  } else if (typeof entry === 'object' && entry !== null) {
    const fields = entry as { ws_uri?: unknown; uri?: unknown; weight?: unknown };
    uri = fields.ws_uri ?? fields.uri;
    weight = fields.weight ?? 0;
  }
  if (typeof uri !== 'string') return 'a server is a URL string or { ws_uri, weight }';
  // The URL parser silently drops tabs and line breaks, so they are refused here, not left to it.
  if (/[\s\0]/.test(uri)) return 'a server URL has no white space or control characters';
  if (typeof weight !== 'number' || !Number.isFinite(weight)) return 'weight must be a number';
  let parsed: SipServer;
  try {
    parsed = parseSipServer({ uri, weight });
  } catch (error) {
    // parseSipServer throws a TypeError saying what is wrong: an unsupported scheme, a malformed URL.
    if (error instanceof TypeError) return error.message;
    throw error;
  }
  return { ...parsed, ws_uri: uri, sip_uri: routeUri(parsed), scheme: parsed.protocol };
}

/**
 * The server as a loose-routing SIP URI, `<sip:host[:port];transport=ws;lr>` (legacy `sip_uri`):
 * `transport=ws` for WS and WSS alike as the legacy library wrote it (RFC 7118 §5.2), the
 * port only when it is not the scheme's default.
 */
function routeUri(server: SipServer): string {
  const host = server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host;
  const port = server.port === DEFAULT_PORTS[server.protocol] ? '' : `:${server.port}`;
  const transport = server.protocol === 'WSS' ? 'ws' : server.protocol.toLowerCase();
  return `<sip:${host}${port};transport=${transport};lr>`;
}

/**
 * Default Contact `transport=`: the legacy `'ws'`, unless the first server (by weight) is one
 * of sipforge's UDP/TCP/TLS servers, whose transport it then names.
 */
export function defaultContactTransport(servers: readonly ConfiguredServer[]): string {
  const first = servers.reduce<ConfiguredServer | undefined>(
    (best, s) => (best === undefined || s.weight > best.weight ? s : best),
    undefined,
  );
  if (first === undefined || first.protocol === 'WS' || first.protocol === 'WSS') return 'ws';
  return first.protocol.toLowerCase();
}
