import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/api/exceptions.js';
import { normalizeConfiguration } from '../../../src/api/configuration/index.js';

// Test files are ES modules, hence strict code: writes to read-only properties throw a TypeError.
describe('the normalised configuration is frozen except register and custom', () => {
  const conf = normalizeConfiguration({ uri: 'alice@example.com', wsServers: 'wss://edge.example.com', password: 'pw' });
  const writable = conf as unknown as Record<string, unknown>;

  it.each(Object.keys(conf).filter((key) => key !== 'register' && key !== 'custom'))('refuses a write to %s', (key) => {
    const before = writable[key];
    expect(() => {
      writable[key] = 'changed';
    }).toThrow(TypeError);
    expect(writable[key]).toBe(before);
  });

  it('refuses new keys and deletions', () => {
    expect(() => {
      writable['extra'] = 1;
    }).toThrow(TypeError);
    expect(() => delete writable['password']).toThrow(TypeError);
    expect(Object.isExtensible(conf)).toBe(false);
  });

  it('freezes nested values: URIs, the server list, extraSupported, log', () => {
    expect(() => {
      (conf.uri as { user: string | undefined }).user = 'mallory';
    }).toThrow(TypeError);
    expect(() => conf.uri.params.set('transport', 'udp')).toThrow(TypeError);
    expect(() => {
      (conf.wsServers as unknown[]).push('wss://evil.example.com');
    }).toThrow(TypeError);
    expect(() => {
      (conf.wsServers[0] as { weight: number }).weight = 9;
    }).toThrow(TypeError);
    expect(() => {
      (conf.log as { level: number }).level = 3;
    }).toThrow(TypeError);
    // A clone is the way to a modified URI.
    const copy = conf.uri.clone();
    copy.user = 'bob';
    expect([copy.toString(), conf.uri.toString()]).toEqual(['sip:bob@example.com', 'sip:alice@example.com']);
  });

  it('lets register and custom change, keeping their types', () => {
    const own = normalizeConfiguration('alice@example.com');
    own.register = false;
    expect(own.register).toBe(false);
    own.custom = { room: 3 };
    expect(own.custom).toEqual({ room: 3 });
    own.custom['note'] = 'mutable';
    expect(own.custom).toEqual({ room: 3, note: 'mutable' });
    expect(() => {
      (own as { register: unknown }).register = 'yes';
    }).toThrow(ConfigurationError);
    expect(() => {
      (own as { custom: unknown }).custom = 'x';
    }).toThrow(ConfigurationError);
    expect([own.register, own.custom['room']]).toEqual([false, 3]);
  });

  it('lists every parameter and derived value as an enumerable key', () => {
    expect(Object.keys(conf).sort()).toEqual(
      [
        'uri', 'wsServers', 'authorizationUser', 'password', 'displayName', 'register', 'registerExpires', 'registrarServer',
        'wsServerMaxReconnection', 'wsServerReconnectionTimeout', 'wsServerReconnectionTimeoutMs', 'connectionRecoveryMinInterval',
        'connectionRecoveryMinIntervalMs', 'connectionRecoveryMaxInterval', 'connectionRecoveryMaxIntervalMs', 'keepAliveInterval',
        'keepAliveIntervalMs', 'connectionTimeout', 'connectionTimeoutMs', 'usePreloadedRoute', 'userAgentString', 'traceSip', 'noAnswerTimeout', 'noAnswerTimeoutMs', 'rel100',
        'replaces', 'extraSupported', 'hackAllowUnregisteredOptionTags', 'hackIpInContact', 'hackViaTcp', 'hackWssInTransport',
        'contactTransport', 'forceRport', 'instanceId', 'autostart', 'autostop', 'allowLegacyNotifications', 'custom', 'log', 'logger',
        'mediaHandlerFactory', 'stunServers', 'turnServers', 'iceCheckingTimeout', 'rtcpMuxPolicy', 'authenticationFactory', 'hackStripTcp', 'dtmfType',
        'sessionTimers', 'sessionTimersRefreshMethod', 'minSessionExpires',
        'listen', 'sharedConnection',
        'viaHost', 'hostportParams', 'timerC', 'timerCMs',
      ].sort(),
    );
  });
});
