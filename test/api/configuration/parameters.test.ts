import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/api/exceptions.js';
import { normalizeConfiguration, snakeCaseAlias, type UAConfiguration } from '../../../src/api/configuration/index.js';

const ANONYMOUS = /^sip:anonymous\.[a-z0-9]{6}@anonymous\.invalid$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const mediaHandlerFactory = (): null => null;
const authenticationFactory = (): null => null;
const logger = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined };

/**
 * One row per parameter: its default (read from a configuration with only `uri` set), a valid
 * non-default value and what it becomes, a second valid value (to show camelCase beating the
 * snake_case alias), and an invalid value with the parameter the ConfigurationError names.
 */
interface Row {
  name: string;
  /** The rest of the configuration (default: just `uri`). */
  base?: Record<string, unknown>;
  read?: (conf: UAConfiguration) => unknown;
  default: unknown;
  valid: unknown;
  expected: unknown;
  other: unknown;
  invalid: unknown;
  errorParameter?: string;
  /** The value the ConfigurationError carries, when it is not `invalid` itself (a nested field). */
  errorValue?: unknown;
}

const rows: Row[] = [
  { name: 'uri', base: {}, read: (c) => (ANONYMOUS.test(c.uri.toString()) ? 'anonymous' : c.uri.toString()), default: 'anonymous', valid: 'bob@example.org', expected: 'sip:bob@example.org', other: 'carol@example.org', invalid: 'example.org' },
  { name: 'wsServers', read: (c) => c.wsServers.map((s) => s.ws_uri), default: [], valid: 'wss://edge.example.com', expected: ['wss://edge.example.com'], other: 'wss://other.example.com', invalid: 'http://edge.example.com' },
  { name: 'authorizationUser', default: 'alice', valid: 'alice-auth', expected: 'alice-auth', other: 'x', invalid: 'alice\r\nX-Evil: 1' },
  { name: 'password', default: null, valid: 's3cret', expected: 's3cret', other: 'other', invalid: { secret: true } },
  { name: 'displayName', default: '', valid: 'Alice Liddell', expected: 'Alice Liddell', other: 'A', invalid: 'Alice\nX-Evil: 1' },
  { name: 'register', default: true, valid: false, expected: false, other: true, invalid: 'yes' },
  { name: 'registerExpires', default: 600, valid: 300, expected: 300, other: 100, invalid: 0 },
  { name: 'registrarServer', read: (c) => c.registrarServer.toString(), default: 'sip:example.com', valid: 'registrar.example.com', expected: 'sip:registrar.example.com', other: 'sip:r2.example.com', invalid: 'bob@registrar.example.com' },
  { name: 'wsServerMaxReconnection', default: 3, valid: 5, expected: 5, other: 7, invalid: -1 },
  { name: 'wsServerReconnectionTimeout', default: 4, valid: 10, expected: 10, other: 11, invalid: 1.5 },
  { name: 'connectionRecoveryMinInterval', default: 2, valid: 5, expected: 5, other: 6, invalid: 'soon' },
  { name: 'connectionRecoveryMaxInterval', default: 30, valid: 60, expected: 60, other: 61, invalid: -30 },
  { name: 'keepAliveInterval', default: 0, valid: 25, expected: 25, other: 26, invalid: -5 },
  { name: 'connectionTimeout', default: 5, valid: 2, expected: 2, other: 3, invalid: 'fast' },
  { name: 'usePreloadedRoute', default: false, valid: true, expected: true, other: false, invalid: 1 },
  { name: 'userAgentString', default: 'sipforge/0.1.0', valid: 'MyPhone/2.0', expected: 'MyPhone/2.0', other: 'Other/1', invalid: 'MyPhone\r\nX-Evil: 1' },
  { name: 'traceSip', default: false, valid: true, expected: true, other: false, invalid: 'true' },
  { name: 'noAnswerTimeout', default: 60, valid: 30, expected: 30, other: 31, invalid: 0 },
  { name: 'timerC', default: 180, valid: 240, expected: 240, other: 200, invalid: 0 },
  { name: 'rel100', default: 'none', valid: 'supported', expected: 'supported', other: 'required', invalid: 'require' },
  { name: 'replaces', default: 'none', valid: 'required', expected: 'required', other: 'supported', invalid: true },
  { name: 'extraSupported', default: [], valid: ['timer', 'norefersub'], expected: ['timer', 'norefersub'], other: ['gruu'], invalid: ['timer\r\nX-Evil: 1'] },
  { name: 'hackAllowUnregisteredOptionTags', default: false, valid: true, expected: true, other: false, invalid: 'no' },
  { name: 'hackIpInContact', default: false, valid: '192.0.2.7', expected: '192.0.2.7', other: true, invalid: 'host;evil=1' },
  { name: 'hackViaTcp', default: false, valid: true, expected: true, other: false, invalid: 0 },
  { name: 'hackWssInTransport', default: false, valid: true, expected: true, other: false, invalid: 'x' },
  { name: 'contactTransport', default: 'ws', valid: 'tcp', expected: 'tcp', other: 'udp', invalid: 'w s' },
  { name: 'forceRport', default: false, valid: true, expected: true, other: false, invalid: 'yes' },
  { name: 'instanceId', read: (c) => (UUID.test(c.instanceId) ? 'random uuid' : c.instanceId), default: 'random uuid', valid: 'uuid:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6', expected: 'F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6', other: '00000000-0000-0000-0000-000000000000', invalid: 'not-a-uuid' },
  { name: 'autostart', default: true, valid: false, expected: false, other: true, invalid: 1 },
  { name: 'autostop', default: true, valid: false, expected: false, other: true, invalid: 'no' },
  { name: 'allowLegacyNotifications', default: false, valid: true, expected: true, other: false, invalid: 'x' },
  { name: 'custom', default: {}, valid: { room: 7 }, expected: { room: 7 }, other: { room: 8 }, invalid: 'text' },
  { name: 'log', default: { builtinEnabled: true, level: 2, connector: null }, valid: { level: 'debug', builtinEnabled: false }, expected: { builtinEnabled: false, level: 3, connector: null }, other: { level: 0 }, invalid: { level: 'verbose' }, errorParameter: 'log.level', errorValue: 'verbose' },
  { name: 'logger', default: undefined, valid: logger, expected: logger, other: { ...logger }, invalid: { log: () => undefined } },
  { name: 'mediaHandlerFactory', default: undefined, valid: mediaHandlerFactory, expected: mediaHandlerFactory, other: () => 1, invalid: 'factory' },
  { name: 'stunServers', default: [], valid: 'stun.example.com:3478', expected: ['stun:stun.example.com:3478'], other: ['stuns:stun2.example.com'], invalid: 'stun:alice@stun.example.com' },
  {
    name: 'turnServers',
    default: [],
    valid: { urls: 'turn.example.com:3478?transport=udp', username: 'alice', password: 'turn-secret' },
    expected: [{ urls: ['turn:turn.example.com:3478?transport=udp'], username: 'alice', password: 'turn-secret' }],
    other: [{ server: 'turns:turn2.example.com', username: 'bob', password: 'x' }],
    invalid: { urls: 'http://turn.example.com', username: 'alice', password: 'turn-secret' },
    errorParameter: 'turnServers.urls',
    errorValue: 'http://turn.example.com',
  },
  { name: 'iceCheckingTimeout', default: 5000, valid: 1000, expected: 1000, other: 2000, invalid: -1 },
  { name: 'rtcpMuxPolicy', default: undefined, valid: 'require', expected: 'require', other: 'negotiate', invalid: 'required' },
  { name: 'authenticationFactory', default: undefined, valid: authenticationFactory, expected: authenticationFactory, other: () => 2, invalid: 'digest' },
  { name: 'hackStripTcp', default: false, valid: true, expected: true, other: false, invalid: 'yes' },
  { name: 'sharedConnection', base: { uri: 'alice@example.com', wsServers: 'wss://edge.example.com' }, default: false, valid: true, expected: true, other: false, invalid: 'yes' },
];

const defaultBase = { uri: 'alice@example.com' };
function read(row: Row, conf: UAConfiguration): unknown {
  return row.read ? row.read(conf) : (conf as unknown as Record<string, unknown>)[row.name];
}
function thrown(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('no ConfigurationError thrown');
}

describe.each(rows)('configuration parameter $name', (row) => {
  const base = row.base ?? defaultBase;

  it('has its legacy default', () => {
    expect(read(row, normalizeConfiguration(base))).toEqual(row.default);
  });

  it('takes a valid value', () => {
    expect(read(row, normalizeConfiguration({ ...base, [row.name]: row.valid }))).toEqual(row.expected);
  });

  it('falls back to the default for null and empty string', () => {
    expect(read(row, normalizeConfiguration({ ...base, [row.name]: null }))).toEqual(row.default);
    expect(read(row, normalizeConfiguration({ ...base, [row.name]: '' }))).toEqual(row.default);
  });

  it('throws ConfigurationError naming the parameter and the value for an invalid one', () => {
    const error = thrown(() => normalizeConfiguration({ ...base, [row.name]: row.invalid }));
    expect(error.parameter).toBe(row.errorParameter ?? row.name);
    expect(error.value).toEqual('errorValue' in row ? row.errorValue : row.invalid);
  });

});

describe.each(rows.filter((row) => snakeCaseAlias(row.name) !== row.name))('deprecated alias of $name', (row) => {
  const base = row.base ?? defaultBase;
  const alias = snakeCaseAlias(row.name);

  it('is accepted with a deprecation warning', () => {
    const warnings: string[] = [];
    const viaAlias = normalizeConfiguration({ ...base, [alias]: row.valid }, { warn: (m) => warnings.push(m) });
    expect(read(row, viaAlias)).toEqual(row.expected);
    expect(warnings).toEqual([`${alias} is deprecated, please use ${row.name}`]);
  });

  it('loses to the camelCase name when both are given', () => {
    expect(read(row, normalizeConfiguration({ ...base, [row.name]: row.valid, [alias]: row.other }))).toEqual(row.expected);
  });

  it('is validated like the camelCase name', () => {
    const error = thrown(() => normalizeConfiguration({ ...base, [alias]: row.invalid }));
    expect(error.parameter).toBe(row.errorParameter ?? row.name);
  });
});

describe('snakeCaseAlias', () => {
  it('follows the legacy aliasUnderscored rule', () => {
    expect(snakeCaseAlias('wsServers')).toBe('ws_servers');
    expect(snakeCaseAlias('hackIpInContact')).toBe('hack_ip_in_contact');
    expect(snakeCaseAlias('rel100')).toBe('rel100');
  });

  it('covers the aliases the issue names', () => {
    const conf = normalizeConfiguration({
      uri: 'alice@example.com',
      ws_servers: 'wss://edge.example.com',
      register_expires: 120,
      authorization_user: 'auth',
      trace_sip: true,
    });
    expect([conf.wsServers[0]?.ws_uri, conf.registerExpires, conf.authorizationUser, conf.traceSip]).toEqual([
      'wss://edge.example.com',
      120,
      'auth',
      true,
    ]);
  });
});

describe('sharedConnection', () => {
  it('is refused with hackIpInContact: true, whose 254 random addresses cannot tell the UAs apart', () => {
    const error = thrown(() => normalizeConfiguration({ uri: 'alice@example.com', wsServers: 'wss://edge.example.com', sharedConnection: true, hackIpInContact: true }));
    expect([error.parameter, error.message]).toEqual(['sharedConnection', expect.stringContaining('hackIpInContact: true')]);
  });

  it('is refused with listen, whose address in Via may be that of other UAs of the process', () => {
    const error = thrown(() => normalizeConfiguration({ uri: 'alice@example.com', wsServers: 'wss://edge.example.com', sharedConnection: true, listen: 'udp:127.0.0.1:5080' }));
    expect([error.parameter, error.message]).toEqual(['sharedConnection', expect.stringContaining('a UA that listens')]);
  });

  it('is refused for a server that is not ws: or wss:', () => {
    const error = thrown(() => normalizeConfiguration({ uri: 'alice@example.com', wsServers: ['wss://edge.example.com', 'udp://192.0.2.1:5060'], sharedConnection: true }));
    expect([error.parameter, error.message]).toEqual(['sharedConnection', expect.stringContaining('only ws: and wss: servers are shared, not udp://192.0.2.1:5060')]);
  });
});
