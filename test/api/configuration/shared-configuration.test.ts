import { describe, expect, it } from 'vitest';
import { normalizeConfiguration, type UAConfiguration } from '../../../src/api/configuration/index.js';
import { listedConfiguration, sharedConfiguration } from '../../../src/api/configuration/shared-configuration.js';
import { ConfigurationError } from '../../../src/api/exceptions.js';
import { UA } from '../../../src/api/ua.js';

const input = (user: string) => ({ uri: `${user}@example.com`, wsServers: 'wss://edge.example.com', password: 'pw', autostart: false });
const values = (conf: UAConfiguration): Record<string, unknown> =>
  Object.fromEntries(Object.keys(listedConfiguration(conf)).map((key) => [key, String(conf[key as keyof UAConfiguration])]));

describe('a UA keeps only the configuration values unlike those of an earlier UA', () => {
  it('holds as its own keys the values that differ, and reads every other one from the earlier configuration', () => {
    const first = sharedConfiguration(normalizeConfiguration(input('alice')));
    const full = normalizeConfiguration(input('bob'));
    const second = sharedConfiguration(full);
    expect(Object.getPrototypeOf(second)).toBe(first);
    expect(Object.keys(second).sort()).toEqual(['authorizationUser', 'custom', 'instanceId', 'register', 'uri', 'viaHost']);
    expect(values(second)).toEqual(values(full));
    // The server list is the same value, so it is the earlier UA's (ServerConnection then shares its parse too).
    expect(second.wsServers).toBe(first.wsServers);
  });

  it('starts over from a configuration unlike the earlier one in many values', () => {
    sharedConfiguration(normalizeConfiguration(input('alice')));
    const unlike = (user: string) => ({
      ...input(user), wsServers: 'wss://other.example.net', registerExpires: 60, traceSip: true, hackViaTcp: true,
      forceRport: true, autostop: false, keepAliveInterval: 30, connectionTimeout: 2, noAnswerTimeout: 20, timerC: 200, dtmfType: 'rtp' as const,
    });
    const other = normalizeConfiguration(unlike('carol'));
    expect(sharedConfiguration(other)).toBe(other);
    const next = sharedConfiguration(normalizeConfiguration(unlike('dave')));
    expect(Object.getPrototypeOf(next)).toBe(other);
  });

  it('stays frozen but for register and custom, which it shares with its listed form', () => {
    sharedConfiguration(normalizeConfiguration(input('alice')));
    const conf = sharedConfiguration(normalizeConfiguration(input('erin')));
    const writable = conf as unknown as Record<string, unknown>;
    expect(() => {
      writable['registerExpires'] = 1;
    }).toThrow(TypeError);
    expect(() => {
      writable['uri'] = 'sip:mallory@example.com';
    }).toThrow(TypeError);
    expect(() => {
      writable['extra'] = 1;
    }).toThrow(TypeError);
    expect(conf.registerExpires).toBe(600);

    const listed = listedConfiguration(conf);
    expect(Object.getPrototypeOf(listed)).toBe(Object.prototype);
    expect(Object.keys(listed)).toEqual(Object.keys(normalizeConfiguration(input('erin'))));
    listed.register = false;
    expect(conf.register).toBe(false);
    conf.custom = { room: 7 };
    expect(listed.custom).toEqual({ room: 7 });
    expect(() => (listed as { register: unknown }).register = 'no').toThrow(ConfigurationError);
    expect(() => delete (listed as unknown as Record<string, unknown>)['password']).toThrow(TypeError);
  });

  it("lists every parameter as an own key of ua.configuration, one object for every read, register() seen there", () => {
    new UA(input('frank'));
    const ua = new UA(input('grace'));
    const conf = ua.configuration;
    expect(ua.configuration).toBe(conf);
    expect(Object.keys(conf)).toEqual(Object.keys(normalizeConfiguration(input('grace'))));
    expect(conf.uri.toString()).toBe('sip:grace@example.com');
    ua.unregister();
    expect(conf.register).toBe(false);
    // `custom` unset: one empty record, made at the first read, kept for the next, and the application's to fill.
    expect(conf.custom).toEqual({});
    conf.custom['room'] = 4;
    expect(ua.configuration.custom).toEqual({ room: 4 });
  });
});
