import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/api/exceptions.js';
import { normalizeConfiguration } from '../../../src/api/configuration/index.js';
import { parseUri } from '../../../src/syntax/index.js';

describe('uri', () => {
  it('makes an anonymous UA when nothing is given', () => {
    const conf = normalizeConfiguration();
    expect(conf.uri.toString()).toMatch(/^sip:anonymous\.[a-z0-9]{6}@anonymous\.invalid$/);
    expect(conf.authorizationUser).toBe(conf.uri.user);
    expect(conf.registrarServer.toString()).toBe('sip:anonymous.invalid');
    expect(normalizeConfiguration().uri.user).not.toBe(conf.uri.user);
  });

  it('takes a string argument as the uri, adding sip: when missing', () => {
    expect(normalizeConfiguration('bob@example.com').uri.toString()).toBe('sip:bob@example.com');
    expect(normalizeConfiguration('sip:bob@example.com:5070;transport=ws').uri.toString()).toBe('sip:bob@example.com:5070;transport=ws');
    expect(normalizeConfiguration('sips:bob@example.com').uri.toString()).toBe('sips:bob@example.com');
    expect(normalizeConfiguration({ uri: parseUri('sip:carol@example.net') }).uri.toString()).toBe('sip:carol@example.net');
  });

  it.each([
    ['example.com', 'no user part'],
    ['bob@exa mple.com', 'not a URI'],
    ['tel:+15551234567', 'not a SIP URI'],
    ['bob@example.com\r\nX-Evil: 1', 'CR LF'],
    ['bob@example.com\n', 'a trailing LF'],
  ])('refuses %j (%s)', (uri) => {
    expect(() => normalizeConfiguration({ uri })).toThrow(ConfigurationError);
    expect(() => normalizeConfiguration(uri)).toThrow(expect.objectContaining({ parameter: 'uri', value: uri }));
  });

  it('derives the registrar, the digest user and hostportParams from it', () => {
    const conf = normalizeConfiguration('sip:alice:pw@example.com;transport=ws');
    expect(conf.registrarServer.toString()).toBe('sip:example.com;transport=ws');
    expect(conf.authorizationUser).toBe('alice');
    expect(conf.hostportParams).toBe('example.com;transport=ws');
  });

  it('drops a password written into it, with a warning (RFC 3261 §19.1.1)', () => {
    const warnings: string[] = [];
    const conf = normalizeConfiguration('sip:alice:pw@example.com;transport=ws', { warn: (m) => warnings.push(m) });
    expect(conf.uri.toString()).toBe('sip:alice@example.com;transport=ws');
    expect(conf.uri.password).toBeUndefined();
    expect(conf.password).toBeNull();
    expect(warnings).toEqual([
      'uri: the password written into the URI is not used; it is never sent nor logged (RFC 3261 §19.1.1). Set `password` for digest authentication',
    ]);
  });

  it('takes a number as display name and digest user (legacy displayName: 0)', () => {
    const conf = normalizeConfiguration({ uri: 'alice@example.com', displayName: 0, authorizationUser: 1001, password: 1234 });
    expect([conf.displayName, conf.authorizationUser, conf.password]).toEqual(['0', '1001', '1234']);
  });
});

describe('wsServers', () => {
  const servers = (wsServers: unknown) =>
    normalizeConfiguration({ uri: 'alice@example.com', wsServers } as never).wsServers.map((s) => ({ ...s }));

  it('has no default server: sipforge contacts nobody it was not told to', () => {
    expect(normalizeConfiguration('alice@example.com').wsServers).toEqual([]);
  });

  it('takes a string, with the legacy fields and the parsed server', () => {
    expect(servers('wss://edge.example.com')).toEqual([
      {
        ws_uri: 'wss://edge.example.com',
        uri: 'wss://edge.example.com',
        sip_uri: '<sip:edge.example.com;transport=ws;lr>',
        weight: 0,
        scheme: 'WSS',
        protocol: 'WSS',
        host: 'edge.example.com',
        port: 443,
      },
    ]);
  });

  it('takes strings and { ws_uri, weight } objects mixed, and sipforge udp:/tcp:/tls: servers', () => {
    const list = servers([
      'ws://127.0.0.1:8080/ws',
      { ws_uri: 'wss://b.example.com:8443', weight: 5 },
      { uri: 'udp:192.0.2.1' },
      'tcp:sip.example.com:5070',
      'tls:[2001:db8::1]',
    ]);
    expect(list.map((s) => [s.ws_uri, s.weight, s.scheme, s.sip_uri])).toEqual([
      ['ws://127.0.0.1:8080/ws', 0, 'WS', '<sip:127.0.0.1:8080;transport=ws;lr>'],
      ['wss://b.example.com:8443', 5, 'WSS', '<sip:b.example.com:8443;transport=ws;lr>'],
      ['udp:192.0.2.1', 0, 'UDP', '<sip:192.0.2.1;transport=udp;lr>'],
      ['tcp:sip.example.com:5070', 0, 'TCP', '<sip:sip.example.com:5070;transport=tcp;lr>'],
      ['tls:[2001:db8::1]', 0, 'TLS', '<sip:[2001:db8::1];transport=tls;lr>'],
    ]);
  });

  it.each([
    ['an unsupported scheme', 'http://edge.example.com'],
    ['a bare host', 'edge.example.com'],
    ['a line break (the URL parser would drop it silently)', 'wss://edge.exa\r\nmple.com'],
    ['one bad entry among good ones', ['wss://a.example.com', 'ftp://b.example.com']],
    ['an object without ws_uri', [{ weight: 1 }]],
    ['a non-numeric weight', [{ ws_uri: 'wss://a.example.com', weight: 'high' }]],
    ['a number', 42],
    ['a bad udp port', 'udp:192.0.2.1:70000'],
    ['a typo: one slash', 'wss:/edge.example.com'],
    ['a typo: no slashes', 'ws:edge.example.com'],
    ['no host', 'ws://'],
    ['no host, a port', 'wss://:443'],
  ])('refuses %s', (_, value) => {
    expect(() => servers(value)).toThrow(expect.objectContaining({ name: 'CONFIGURATION_ERROR', parameter: 'wsServers', value }));
  });

  it('says why, and lists the accepted schemes for a scheme that can never work', () => {
    expect(() => servers('http://edge.example.com')).toThrow(
      'Invalid value "http://edge.example.com" for parameter "wsServers": unsupported server scheme "http:" in http://edge.example.com; accepted: ws:, wss: (and with sipforge/node: udp:, tcp:, tls:)',
    );
    expect(() => servers(['wss://a.example.com', 'wss:/b.example.com'])).toThrow(
      'Invalid value ["wss://a.example.com","wss:/b.example.com"] for parameter "wsServers": invalid server URL wss:/b.example.com: expected wss://host[:port][/path]',
    );
  });

  it('warns that a password in a ws: URL travels in clear text', () => {
    const warnings: string[] = [];
    normalizeConfiguration({ wsServers: ['ws://alice:pw@a.example.com', 'wss://alice:pw@b.example.com'] }, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      'wsServers: ws://alice:NOT SHOWN@a.example.com sends its user and password as HTTP Basic credentials in clear text; use wss:',
    ]);
  });

  it('shares the frozen servers of the same URL string between configurations, and still warns for each', () => {
    const warnings: string[] = [];
    const make = (wsServers: string) => normalizeConfiguration({ uri: 'alice@example.com', wsServers }, { warn: (m) => warnings.push(m) }).wsServers;
    const first = make('ws://alice:pw@edge.example.com');
    const second = make('ws://alice:pw@edge.example.com');
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    expect(warnings).toHaveLength(2);
    const other = make('wss://other.example.com');
    expect(other).not.toBe(first);
    expect(other[0]).toMatchObject({ uri: 'wss://other.example.com', ws_uri: 'wss://other.example.com', scheme: 'WSS' });
    expect(make('ws://alice:pw@edge.example.com')[0]).toMatchObject({ uri: 'ws://alice:pw@edge.example.com', host: 'edge.example.com' });
  });

  it('sets the default contactTransport from the preferred server', () => {
    const contactTransport = (wsServers: unknown) =>
      normalizeConfiguration({ uri: 'alice@example.com', wsServers } as never).contactTransport;
    expect(contactTransport('wss://edge.example.com')).toBe('ws');
    expect(contactTransport('tcp:sip.example.com')).toBe('tcp');
    expect(contactTransport(['udp:a.example.com', { ws_uri: 'wss://b.example.com', weight: 1 }])).toBe('ws');
    expect(normalizeConfiguration({ wsServers: 'udp:a.example.com', contactTransport: 'ws' }).contactTransport).toBe('ws');
  });
});

describe('times', () => {
  it('keeps the legacy seconds and adds milliseconds for the lower layers', () => {
    const conf = normalizeConfiguration({
      wsServerReconnectionTimeout: 5,
      connectionRecoveryMinInterval: 3,
      connectionRecoveryMaxInterval: '40',
      keepAliveInterval: 25,
      noAnswerTimeout: 45,
    });
    expect([conf.wsServerReconnectionTimeout, conf.wsServerReconnectionTimeoutMs]).toEqual([5, 5000]);
    expect([conf.connectionRecoveryMinInterval, conf.connectionRecoveryMinIntervalMs]).toEqual([3, 3000]);
    expect([conf.connectionRecoveryMaxInterval, conf.connectionRecoveryMaxIntervalMs]).toEqual([40, 40000]);
    expect([conf.keepAliveInterval, conf.keepAliveIntervalMs]).toEqual([25, 25000]);
    expect([conf.noAnswerTimeout, conf.noAnswerTimeoutMs]).toEqual([45, 45000]);
  });

  it('has millisecond defaults matching the legacy seconds', () => {
    const conf = normalizeConfiguration();
    expect([
      conf.wsServerReconnectionTimeoutMs,
      conf.connectionRecoveryMinIntervalMs,
      conf.connectionRecoveryMaxIntervalMs,
      conf.keepAliveIntervalMs,
      conf.noAnswerTimeoutMs,
    ]).toEqual([4000, 2000, 30000, 0, 60000]);
  });

  it('takes connectionTimeout in seconds, 5 by default, 0 for no limit', () => {
    expect(normalizeConfiguration().connectionTimeoutMs).toBe(5000);
    expect(normalizeConfiguration({ connectionTimeout: 12 }).connectionTimeoutMs).toBe(12_000);
    expect(normalizeConfiguration({ connectionTimeout: 0 }).connectionTimeoutMs).toBe(0);
  });

  it('takes keepAliveInterval 0 as off, and refuses a recovery maximum below the minimum', () => {
    expect(normalizeConfiguration({ keepAliveInterval: 0 }).keepAliveInterval).toBe(0);
    expect(() => normalizeConfiguration({ connectionRecoveryMinInterval: 10, connectionRecoveryMaxInterval: 5 })).toThrow(
      expect.objectContaining({ parameter: 'connectionRecoveryMaxInterval', value: 5 }),
    );
    expect(normalizeConfiguration({ connectionRecoveryMinInterval: 10, connectionRecoveryMaxInterval: 10 }).connectionRecoveryMaxInterval).toBe(10);
  });

  it('treats NaN as unset (legacy), and refuses fractions, exponents and Infinity', () => {
    expect(normalizeConfiguration({ registerExpires: Number.NaN }).registerExpires).toBe(600);
    for (const registerExpires of [1.5, '1e3', Number.POSITIVE_INFINITY, '12s']) {
      expect(() => normalizeConfiguration({ registerExpires } as never)).toThrow(ConfigurationError);
    }
  });
});

describe('derived values', () => {
  it('puts a random .invalid host in Via and Contact unless hackIpInContact says otherwise', () => {
    expect(normalizeConfiguration().viaHost).toMatch(/^[a-z0-9]{12}\.invalid$/);
    expect(normalizeConfiguration({ hackIpInContact: true }).viaHost).toMatch(/^192\.0\.2\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
    expect(normalizeConfiguration({ hackIpInContact: 'pbx.example.com' }).viaHost).toBe('pbx.example.com');
    expect(normalizeConfiguration({ hackIpInContact: '[2001:db8::5]' }).viaHost).toBe('[2001:db8::5]');
  });

  it('refuses a hackIpInContact that is more than a host', () => {
    for (const host of ['a@b.example.com', 'b.example.com:5060', 'b.example.com\r\nX: y', 'b c']) {
      expect(() => normalizeConfiguration({ hackIpInContact: host })).toThrow(expect.objectContaining({ parameter: 'hackIpInContact' }));
    }
  });

  it('makes a new random instance id per configuration', () => {
    expect(normalizeConfiguration().instanceId).not.toBe(normalizeConfiguration().instanceId);
  });
});

describe('rel100', () => {
  it('still reads the deprecated `reliable`, rel100 winning', () => {
    const warnings: string[] = [];
    expect(normalizeConfiguration({ reliable: 'required' }, { warn: (m) => warnings.push(m) }).rel100).toBe('required');
    expect(warnings).toEqual(['reliable is deprecated, please use rel100']);
    expect(normalizeConfiguration({ reliable: 'required', rel100: 'supported' }).rel100).toBe('supported');
    expect(() => normalizeConfiguration({ reliable: 'maybe' } as never)).toThrow(expect.objectContaining({ parameter: 'reliable' }));
  });
});

describe('input shape', () => {
  it('warns about unknown parameters and ignores them', () => {
    const warnings: string[] = [];
    const conf = normalizeConfiguration({ uri: 'alice@example.com', wsServer: 'wss://x' } as never, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual(['unknown configuration parameter wsServer ignored']);
    expect(conf.wsServers).toEqual([]);
    expect('wsServer' in conf).toBe(false);
  });

  it('refuses a configuration that is neither a string nor an object', () => {
    expect(() => normalizeConfiguration(42 as never)).toThrow(expect.objectContaining({ parameter: 'configuration', value: 42 }));
  });

  it('takes a log level by name or number and a connector', () => {
    const connector = (): void => undefined;
    expect(normalizeConfiguration({ log: { level: 'warn', connector } }).log).toEqual({ builtinEnabled: true, level: 1, connector });
    expect(() => normalizeConfiguration({ log: { level: 4 } } as never)).toThrow(expect.objectContaining({ parameter: 'log.level', value: 4 }));
    expect(() => normalizeConfiguration({ log: { connector: 'console' } } as never)).toThrow(expect.objectContaining({ parameter: 'log.connector' }));
    expect(() => normalizeConfiguration({ log: { builtinEnabled: 'no' } } as never)).toThrow(expect.objectContaining({ parameter: 'log.builtinEnabled' }));
    expect(() => normalizeConfiguration({ log: 'debug' } as never)).toThrow(expect.objectContaining({ parameter: 'log', value: 'debug' }));
  });
});
