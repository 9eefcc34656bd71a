import { hidePasswords } from '../../transport/index.js';
import type { UAConfiguration } from './ua-configuration.js';

/**
 * The configuration as text for the log, one `· name: value` line per parameter after a title
 * (the legacy UA logged it this way at start). The password is always `NOT SHOWN`, and so is a
 * password written into `uri`, `registrarServer` or a server URL, and a TURN server's password,
 * since those are logged too.
 */
export function describeConfiguration(configuration: UAConfiguration): string {
  const lines = ['configuration parameters after validation:'];
  for (const [name, value] of Object.entries(configuration)) {
    lines.push(`· ${name}: ${name === 'password' ? 'NOT SHOWN' : describeValue(name, value)}`);
  }
  return lines.join('\n');
}

function describeValue(name: string, value: unknown): string {
  if (name === 'uri' || name === 'registrarServer') return hidePasswords(String(value));
  if (name === 'wsServers') {
    const servers = (value as UAConfiguration['wsServers']).map((s) => ({ ...s, uri: hidePasswords(s.uri), ws_uri: hidePasswords(s.ws_uri) }));
    return JSON.stringify(servers);
  }
  if (name === 'turnServers') {
    return JSON.stringify((value as UAConfiguration['turnServers']).map((s) => ({ ...s, password: 'NOT SHOWN' })));
  }
  if (name === 'log') {
    const log = value as UAConfiguration['log'];
    return JSON.stringify({ ...log, connector: log.connector === null ? null : describeFunction(log.connector) });
  }
  if (typeof value === 'function') return describeFunction(value);
  if (name === 'logger') return value === undefined ? 'undefined' : 'custom logger';
  return describeJson(value);
}

function describeFunction(fn: unknown): string {
  return `[function ${(fn as { name?: string }).name || 'anonymous'}]`;
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // `custom` is the application's object and may be cyclic.
    return String(value);
  }
}
