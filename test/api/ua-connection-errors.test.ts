import { describe, expect, it } from 'vitest';
import SIP, { FakeClock, TransportError, UA_ERROR, UA_STATUS, type SipServer, type Transport } from '../../src/index.js';
import { advance, FakeTransport, type Outcome } from '../transport/support.js';

/** A UA on FakeTransports: `outcome` says how the next connection attempts end; `lines` is everything it logged. */
function uaWith(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const lines: string[] = [];
  const transports: FakeTransport[] = [];
  const state: { outcome: Outcome } = { outcome: 'fail' };
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const ua = new SIP.UA(
    {
      uri: 'alice@example.test',
      wsServers: 'ws://edge.example.test:8080',
      register: false,
      autostart: false,
      log: { builtinEnabled: false, level: 'debug' },
      logger: { error: record('error'), warn: record('warn'), log: record('log'), debug: record('debug') },
      ...config,
    },
    {
      clock,
      transportFactory: () => (server: SipServer) => {
        const transport = new FakeTransport(server, state.outcome);
        transports.push(transport);
        return transport;
      },
    },
  );
  const events: string[] = [];
  const disconnects: Array<{ transport: Transport; error?: TransportError | undefined }> = [];
  ua.on('connecting', ({ attempts }) => events.push(`${clock.now()} connecting #${attempts}`));
  ua.on('connected', () => events.push(`${clock.now()} connected`));
  ua.on('disconnected', (data) => {
    disconnects.push(data);
    events.push(`${clock.now()} disconnected${data.error ? `: ${data.error.message}` : ''}`);
  });
  const warnings = (): string[] => lines.filter((l) => l.startsWith('warn '));
  const stop = async (): Promise<void> => {
    const stopping = ua.stop();
    await advance(clock, 6000);
    await stopping;
  };
  return { ua, clock, lines, transports, state, events, disconnects, warnings, stop };
}

describe('SIP.UA: a connection that fails says why', () => {
  it('emits disconnected { transport, error }, logs a warning naming server and cause, and sets ua.error', async () => {
    const h = uaWith();
    expect(h.ua.error).toBeNull();
    h.ua.start();
    await advance(h.clock, 0);
    expect(h.events).toEqual(['0 connecting #1', '0 disconnected: connection refused (ws://edge.example.test:8080)']);
    const [first] = h.disconnects;
    expect(first!.transport).toBeDefined();
    expect(first!.error).toBeInstanceOf(TransportError);
    expect(first!.error).toBeInstanceOf(Error);
    expect(h.warnings()).toEqual(['warn sip.transport | cannot connect to ws://edge.example.test:8080: connection refused']);
    expect(h.ua.error).toBe(UA_ERROR.NETWORK_ERROR);
    expect(h.ua.status).toBe(UA_STATUS.STATUS_NOT_READY);
    expect(h.ua.isConnected()).toBe(false);
    await h.stop();
  });

  it('keeps the legacy retry schedule, reporting every failed attempt', async () => {
    const h = uaWith({ connectionRecoveryMinInterval: 2 });
    h.ua.start();
    // start() again while the UA recovers on its own does not open a second connection.
    await advance(h.clock, 1000);
    h.ua.start();
    await advance(h.clock, 11_000);
    expect(h.events.filter((e) => e.includes('connecting'))).toEqual([
      '0 connecting #1',
      '4000 connecting #2',
      '8000 connecting #3',
      '12000 connecting #4',
    ]);
    expect(h.warnings()).toHaveLength(4);
    expect(h.transports).toHaveLength(4);
    await h.stop();
  });

  it('clears ua.error and is READY again once a connection succeeds; a lost connection is reported as lost', async () => {
    const h = uaWith();
    h.ua.start();
    await advance(h.clock, 0);
    h.state.outcome = 'ok';
    await advance(h.clock, 4000);
    expect(h.ua.isConnected()).toBe(true);
    expect(h.ua.error).toBeNull();
    expect(h.ua.status).toBe(UA_STATUS.STATUS_READY);
    h.transports[h.transports.length - 1]!.drop();
    expect(h.ua.error).toBe(UA_ERROR.NETWORK_ERROR);
    expect(h.warnings()).toEqual([
      'warn sip.transport | cannot connect to ws://edge.example.test:8080: connection refused',
      'warn sip.transport | connection to ws://edge.example.test:8080 lost: connection reset',
    ]);
    await h.stop();
  });

  it('stop() emits disconnected without an error and logs no warning', async () => {
    const h = uaWith();
    h.state.outcome = 'ok';
    h.ua.start();
    await advance(h.clock, 0);
    await h.stop();
    expect(h.disconnects).toHaveLength(1);
    expect(h.disconnects[0]!.error).toBeUndefined();
    expect(h.warnings()).toEqual([]);
    expect(h.ua.error).toBeNull();
  });

  it('fails an attempt that hangs after connectionTimeout (default 5 s), naming it', async () => {
    const h = uaWith();
    h.state.outcome = 'hang';
    h.ua.start();
    await advance(h.clock, 4999);
    expect(h.disconnects).toHaveLength(0);
    await advance(h.clock, 1);
    expect(h.disconnects[0]!.error?.message).toBe('no connection within 5000 ms (connectionTimeout) (ws://edge.example.test:8080)');
    await h.stop();
  });

  it('takes connectionTimeout in seconds', async () => {
    const h = uaWith({ connectionTimeout: 2 });
    h.state.outcome = 'hang';
    h.ua.start();
    await advance(h.clock, 2000);
    expect(h.events).toEqual(['0 connecting #1', '2000 disconnected: no connection within 2000 ms (connectionTimeout) (ws://edge.example.test:8080)']);
    await h.stop();
  });

  it('never logs a password written into the server URL', async () => {
    const h = uaWith({ wsServers: 'wss://alice:Pa55word@edge.example.test/sip' });
    h.ua.start();
    await advance(h.clock, 0);
    expect(h.warnings()).toEqual(['warn sip.transport | cannot connect to wss://alice:NOT SHOWN@edge.example.test/sip: connection refused']);
    expect(h.disconnects[0]!.error?.message).not.toContain('Pa55word');
    expect(h.lines.length).toBeGreaterThan(1);
    for (const line of h.lines) expect(line).not.toContain('Pa55word');
    await h.stop();
  });

  it('sets ua.error to CONFIGURATION_ERROR when start() finds no server', () => {
    const h = uaWith({ wsServers: undefined });
    expect(() => h.ua.start()).toThrow(expect.objectContaining({ name: 'CONFIGURATION_ERROR', parameter: 'wsServers' }));
    expect(h.ua.error).toBe(UA_ERROR.CONFIGURATION_ERROR);
  });
});
