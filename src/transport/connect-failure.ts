import { errorText } from './transport.js';

// Node socket error codes (libuv, getaddrinfo) and what they mean to someone configuring a server.
const CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

// OpenSSL's reasons when the far end answered the TLS hello with something that is not TLS.
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request/i;

/**
 * Why a connection attempt failed, in words, followed by the platform's own text in
 * parentheses: `connection refused (connect ECONNREFUSED 127.0.0.1:5060)`. Reads only the
 * `code` and `message` of what a socket library rejects with, so it runs in any environment.
 */
export function connectFailureText(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = errorText(error).trim();
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(message)?.[1];
  const original = ssl === undefined ? message : `${typeof code === 'string' ? code : 'TLS'}: ${ssl}`;
  const handshake = /^Unexpected server response: (\d+)/.exec(message)?.[1];
  if (handshake !== undefined) return `the server refused the WebSocket handshake with HTTP ${handshake}`;
  if (NOT_TLS.test(message)) return `TLS handshake failed: the server does not speak TLS on this port (${original})`;
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return `the server's TLS certificate was not accepted (${original})`;
  }
  const cause = typeof code === 'string' ? CAUSES[code] : undefined;
  return cause === undefined ? original : `${cause} (${original})`;
}
