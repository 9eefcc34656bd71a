import { describe, expect, it } from 'vitest';
import { describeConfiguration, normalizeConfiguration as normalizeTyped, type NormalizeOptions, type UAConfigurationInput } from '../../../src/api/configuration/index.js';
import { ConfigurationError } from '../../../src/api/exceptions.js';

// The legacy parameters that matter for calls (SIP.js 0.7 UA.js): accepted and checked here, used by the session layer.
const base = { uri: 'alice@example.com' };
// Invalid values are the point of several cases, so the input is taken untyped, as from JavaScript.
const normalizeConfiguration = (input: Record<string, unknown>, options?: NormalizeOptions) => normalizeTyped(input as UAConfigurationInput, options);

function error(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('no ConfigurationError thrown');
}

describe('the legacy call parameters', () => {
  it('are known parameters, not dropped as unknown ones', () => {
    const warnings: string[] = [];
    const conf = normalizeConfiguration(
      {
        ...base,
        stunServers: 'stun:stun.example.com',
        turnServers: [],
        iceCheckingTimeout: 3000,
        rtcpMuxPolicy: 'require',
        authenticationFactory: () => null,
        hackStripTcp: true,
      },
      { warn: (m) => warnings.push(m) },
    );
    expect(warnings).toEqual([]);
    expect([conf.stunServers, conf.turnServers, conf.iceCheckingTimeout, conf.rtcpMuxPolicy, conf.hackStripTcp]).toEqual([
      ['stun:stun.example.com'], [], 3000, 'require', true,
    ]);
  });

  it('stunServers: an empty list means none (legacy), and each URL is an RFC 7064 stun/stuns URI', () => {
    expect(normalizeConfiguration({ ...base, stunServers: [] }).stunServers).toEqual([]);
    expect(normalizeConfiguration({ ...base, stunServers: ['stuns:[2001:db8::1]:5349', '192.0.2.1'] }).stunServers).toEqual([
      'stuns:[2001:db8::1]:5349',
      'stun:192.0.2.1',
    ]);
    for (const bad of ['stun:host;transport=udp', 'stun:host?transport=udp', 'stun:host:70000', 'stun:', 'stun:ho st', 'turn:host']) {
      expect(error(() => normalizeConfiguration({ ...base, stunServers: [bad] })).parameter, bad).toBe('stunServers');
    }
    expect(error(() => normalizeConfiguration({ ...base, stunServers: [42] })).parameter).toBe('stunServers');
  });

  it('turnServers: one object or a list, `server` for a single URL, RFC 7065 URLs with an optional transport', () => {
    const conf = normalizeConfiguration({
      ...base,
      turnServers: [
        { urls: ['turn:turn.example.com?transport=tcp', 'turns:turn.example.com:5349'], username: 'alice', password: 'p1' },
        { server: 'turn2.example.com', urls: 'ignored.example.com', username: 'bob', password: 'p2' },
      ],
    });
    expect(conf.turnServers).toEqual([
      { urls: ['turn:turn.example.com?transport=tcp', 'turns:turn.example.com:5349'], username: 'alice', password: 'p1' },
      { urls: ['turn:turn2.example.com'], username: 'bob', password: 'p2' },
    ]);
    expect(normalizeConfiguration({ ...base, turnServers: [] }).turnServers).toEqual([]);
  });

  it('turnServers: a missing field or a bad URL is named, and the error never shows the password', () => {
    const missingUser = error(() => normalizeConfiguration({ ...base, turnServers: { urls: 'turn:t.example.com', password: 'hunter2' } }));
    expect(missingUser.parameter).toBe('turnServers.username');
    const missingPassword = error(() => normalizeConfiguration({ ...base, turnServers: { urls: 'turn:t.example.com', username: 'alice', password: '' } }));
    expect(missingPassword.parameter).toBe('turnServers.password');
    const badUrl = error(() => normalizeConfiguration({ ...base, turnServers: { urls: 'turn:t.example.com?x=1', username: 'alice', password: 'hunter2' } }));
    expect([badUrl.parameter, badUrl.value]).toEqual(['turnServers.urls', 'turn:t.example.com?x=1']);
    const noUrls = error(() => normalizeConfiguration({ ...base, turnServers: { username: 'alice', password: 'hunter2' } }));
    expect(noUrls.parameter).toBe('turnServers.urls');
    expect(error(() => normalizeConfiguration({ ...base, turnServers: 'turn:t.example.com' })).parameter).toBe('turnServers');
    for (const e of [missingUser, missingPassword, badUrl, noUrls]) expect(e.message).not.toContain('hunter2');
  });

  it('turnServers: passwords are NOT SHOWN when the configuration is logged', () => {
    const conf = normalizeConfiguration({ ...base, turnServers: { urls: 'turn:t.example.com', username: 'alice', password: 'turn-hunter2' } });
    const text = describeConfiguration(conf);
    expect(text).not.toContain('turn-hunter2');
    expect(text).toContain('· turnServers: [{"urls":["turn:t.example.com"],"username":"alice","password":"NOT SHOWN"}]');
  });

  it('iceCheckingTimeout: milliseconds; a shorter value is raised to 500 with a warning (legacy)', () => {
    const warnings: string[] = [];
    expect(normalizeConfiguration({ ...base, iceCheckingTimeout: 100 }, { warn: (m) => warnings.push(m) }).iceCheckingTimeout).toBe(500);
    expect(warnings).toEqual(['iceCheckingTimeout 100 raised to 500 ms']);
    expect(normalizeConfiguration({ ...base, iceCheckingTimeout: '800' }).iceCheckingTimeout).toBe(800);
    expect(error(() => normalizeConfiguration({ ...base, iceCheckingTimeout: 1.5 })).parameter).toBe('iceCheckingTimeout');
  });

  it('authenticationFactory: a function whose initialize, when given, is a function', () => {
    const factory = Object.assign(() => null, { initialize: () => Promise.resolve() });
    expect(normalizeConfiguration({ ...base, authenticationFactory: factory }).authenticationFactory).toBe(factory);
    const bad = Object.assign(() => null, { initialize: 'now' });
    expect(error(() => normalizeConfiguration({ ...base, authenticationFactory: bad })).parameter).toBe('authenticationFactory.initialize');
  });

  it('take their snake_case aliases, and the lists are frozen', () => {
    const conf = normalizeConfiguration({ ...base, stun_servers: 'stun:s.example.com', hack_strip_tcp: true, rtcp_mux_policy: 'negotiate' });
    expect([conf.stunServers, conf.hackStripTcp, conf.rtcpMuxPolicy]).toEqual([['stun:s.example.com'], true, 'negotiate']);
    expect(Object.isFrozen(conf.stunServers)).toBe(true);
    const withTurn = normalizeConfiguration({ ...base, turnServers: { urls: 'turn:t.example.com', username: 'a', password: 'b' } });
    expect(Object.isFrozen(withTurn.turnServers)).toBe(true);
    expect(Object.isFrozen(withTurn.turnServers[0]!.urls)).toBe(true);
  });
});
