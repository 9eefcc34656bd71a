import { describe, expect, it } from 'vitest';
import { normalizeConfiguration } from '../../../src/api/configuration/index.js';
import { ConfigurationError } from '../../../src/api/exceptions.js';
import { UA as BrowserUA } from '../../../src/index.js';

describe('the listen option', () => {
  it('reads udp: and tcp: addresses, IPv6 in brackets, port 0 and the default 5060', () => {
    expect(normalizeConfiguration({ listen: 'udp:127.0.0.1:5080' }).listen).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: 5080 });
    expect(normalizeConfiguration({ listen: 'tcp:[::1]:0' }).listen).toEqual({ protocol: 'TCP', host: '::1', port: 0 });
    expect(normalizeConfiguration({ listen: 'UDP://0.0.0.0' }).listen).toEqual({ protocol: 'UDP', host: '0.0.0.0', port: 5060 });
    expect(normalizeConfiguration({}).listen).toBeUndefined();
  });

  it.each(['udp:localhost:5080', 'tls:127.0.0.1:5061', '127.0.0.1:5080', 'udp:127.0.0.1:70000', 'udp:300.1.1.1:5080'])('refuses %s with a ConfigurationError naming listen', (listen) => {
    expect(() => normalizeConfiguration({ listen })).toThrow(ConfigurationError);
    expect(() => normalizeConfiguration({ listen })).toThrow(/"listen"/);
  });

  it('registers by default only with servers: a UA that only listens has none', () => {
    expect(normalizeConfiguration({ listen: 'udp:127.0.0.1:5080' }).register).toBe(false);
    expect(normalizeConfiguration({ listen: 'udp:127.0.0.1:5080', wsServers: 'ws://127.0.0.1:8080' }).register).toBe(true);
    expect(normalizeConfiguration({ listen: 'udp:127.0.0.1:5080', register: true }).register).toBe(true);
  });

  it('refuses an ephemeral port where the Contact must be registered', () => {
    expect(() => normalizeConfiguration({ listen: 'udp:127.0.0.1:0', wsServers: 'ws://127.0.0.1:8080' })).toThrow(/ephemeral port \(0\) cannot be registered \(register is true\)/);
    expect(() => normalizeConfiguration({ listen: 'udp:127.0.0.1:0', register: true })).toThrow(/ephemeral port/);
    expect(normalizeConfiguration({ listen: 'udp:127.0.0.1:0', wsServers: 'ws://127.0.0.1:8080', register: false }).listen?.port).toBe(0);
  });

  it('needs the Node entry: the browser UA refuses to start with it', () => {
    const ua = new BrowserUA({ uri: 'sip:a@127.0.0.1', listen: 'udp:127.0.0.1:0', autostart: false, log: { builtinEnabled: false } });
    expect(() => ua.start()).toThrow(/sipforge\/node/);
    expect(ua.contact.params.get('transport')).toBe('udp');
  });
});
