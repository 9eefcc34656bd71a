import { readFileSync } from 'node:fs';
import { loadTargetFile } from './load-target-file.js';
import type { RunningTarget, TargetFile } from './target.js';

/** What `--config` may say about a running server; anything left out comes from the target's own target.json. */
export type UserServerConfig = Partial<Pick<TargetFile, 'domain' | 'users' | 'extensions' | 'capabilities' | 'sip'>>;

export function readUserServerConfig(path: string): UserServerConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`--config ${path}: a JSON object is needed`);
  return value as UserServerConfig;
}

/**
 * A server someone else runs (`--server`): its kind (`--target`) gives the defaults, `--config` the
 * accounts and what it offers. Nothing is started or stopped; SIPp runs natively and sends to
 * `sip` (default: the server's host, port 5060).
 */
export function userServerTarget(kind: string, server: string, config: UserServerConfig = {}): RunningTarget {
  const file = loadTargetFile(kind);
  const host = new URL(server).hostname;
  const params = {
    name: kind,
    wsUrl: server,
    sip: config.sip ?? { host, port: 5060 },
    domain: config.domain ?? file.domain,
    users: config.users ?? file.users,
    extensions: config.extensions ?? file.extensions,
    capabilities: config.capabilities ?? file.capabilities,
    sipp: 'native' as const,
  };
  return {
    params,
    description: `a running ${kind} server at ${server} (SIPp sends to udp:${params.sip.host}:${params.sip.port}); not started or stopped by the runner`,
    log: () => '',
    stop: () => Promise.resolve(),
  };
}
