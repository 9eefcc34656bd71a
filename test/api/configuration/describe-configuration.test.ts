import { describe, expect, it } from 'vitest';
import { describeConfiguration, normalizeConfiguration } from '../../../src/api/configuration/index.js';
import SIP from '../../../src/index.js';
import { ApiLogger } from '../../../src/api/api-logger.js';

describe('describeConfiguration', () => {
  it('lists every parameter, with the password NOT SHOWN', () => {
    const conf = normalizeConfiguration({ uri: 'alice@example.com', password: 'hunter2-secret', displayName: 'Alice' });
    const text = describeConfiguration(conf);
    expect(text).not.toContain('hunter2-secret');
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'configuration parameters after validation:',
        '· uri: sip:alice@example.com',
        '· password: NOT SHOWN',
        '· displayName: "Alice"',
        '· registerExpires: 600',
        '· registrarServer: sip:example.com',
        '· userAgentString: "sipforge/0.1.0"',
      ]),
    );
    expect(text.split('\n')).toHaveLength(Object.keys(conf).length + 1);
  });

  it('hides passwords written into the uri or a server URL too', () => {
    const conf = normalizeConfiguration({
      uri: 'sip:alice:uri-secret@example.com',
      registrarServer: 'sip:registrar.example.com',
      wsServers: 'wss://alice:url-secret@edge.example.com',
    });
    const text = describeConfiguration(conf);
    expect(text).not.toContain('uri-secret');
    expect(text).not.toContain('url-secret');
    expect(text).toContain('· uri: sip:alice@example.com');
    expect(text).toContain('wss://alice:NOT SHOWN@edge.example.com');
  });

  it('names functions instead of printing them, and survives a cyclic custom object', () => {
    const custom: Record<string, unknown> = {};
    custom['self'] = custom;
    const conf = normalizeConfiguration({ mediaHandlerFactory: function myFactory() { throw new Error('not called'); }, custom });
    const text = describeConfiguration(conf);
    expect(text).toContain('· mediaHandlerFactory: [function myFactory]');
    expect(text).toContain('· custom: [object Object]');
    expect(text).toContain('· password: NOT SHOWN');
  });
});

describe('the configuration logged by a new UA', () => {
  it('goes to the connector at debug level, and is not built when no output takes debug', () => {
    const lines: string[] = [];
    const connector = (level: string, category: string, _label: unknown, content: string): void => void lines.push(`${level} ${category} ${content.split('\n')[0]}`);
    new SIP.UA({ uri: 'alice@example.com', autostart: false, log: { builtinEnabled: false, level: 'debug', connector } });
    expect(lines).toContain('debug sip.ua configuration parameters after validation:');
    const quiet = new ApiLogger(normalizeConfiguration({ log: { builtinEnabled: false, level: 'debug' } }).log, undefined);
    expect(quiet.enabled('debug')).toBe(false);
    const atLog = new ApiLogger(normalizeConfiguration({ log: { level: 'log', connector } }).log, undefined);
    expect([atLog.enabled('log'), atLog.enabled('debug')]).toEqual([true, false]);
    expect(new ApiLogger(normalizeConfiguration({ log: { builtinEnabled: false, level: 'debug' } }).log, { debug() {}, log() {}, warn() {}, error() {} }).enabled('debug')).toBe(true);
  });
});
