import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { ServerConnection, type ServerConnectionOptions } from '../../src/transport/server-connection.js';
import { orderByWeight, parseSipServer, type SipServer } from '../../src/transport/sip-server.js';
import { recoveryDelay } from '../../src/transport/recovery-backoff.js';
import { TransportError } from '../../src/transport/transport.js';
import { advance, FakeTransport, ok, type Outcome } from './support.js';

/** A ServerConnection over FakeTransports; `reachable` says which servers accept connections right now. */
function harness(options: Partial<ServerConnectionOptions> & { servers: ServerConnectionOptions['servers'] }) {
  const clock = new FakeClock();
  const reachable = new Map<string, Outcome>();
  const transports: FakeTransport[] = [];
  const log: string[] = [];
  const connection = new ServerConnection({
    clock,
    createTransport: (server) => {
      const transport = new FakeTransport(server, reachable.get(server.uri) ?? 'fail');
      transports.push(transport);
      return transport;
    },
    ...options,
  });
  connection.on('connecting', (server, attempt) => log.push(`${clock.now()} connecting ${server.uri} #${attempt}`));
  connection.on('connected', (server) => log.push(`${clock.now()} connected ${server.uri}`));
  connection.on('disconnected', (server, error) => log.push(`${clock.now()} disconnected ${server.uri}${error ? ' (error)' : ''}`));
  connection.on('keepAliveTimeout', (server) => log.push(`${clock.now()} keepAliveTimeout ${server.uri}`));
  const last = (): FakeTransport => transports[transports.length - 1]!;
  return { clock, reachable, transports, log, connection, last };
}

const connectingTimes = (log: string[]): string[] => log.filter((l) => l.includes('connecting'));

describe('ServerConnection: per-server reconnection and failover', () => {
  it('tries a server 1 + maxReconnectionAttempts times, reconnectionTimeout apart, then the next server at once', async () => {
    const h = harness({ servers: [{ uri: 'wss://a.example.com', weight: 2 }, { uri: 'wss://b.example.com', weight: 1 }] });
    h.connection.start();
    await advance(h.clock, 16_000);
    expect(connectingTimes(h.log)).toEqual([
      '0 connecting wss://a.example.com #1',
      '4000 connecting wss://a.example.com #2',
      '8000 connecting wss://a.example.com #3',
      '12000 connecting wss://a.example.com #4',
      '12000 connecting wss://b.example.com #1',
      '16000 connecting wss://b.example.com #2',
    ]);
    // Every failed attempt is reported, and its transport closed.
    expect(h.log.filter((l) => l.includes('disconnected')).length).toBe(6);
    expect(h.transports.every((t) => t.closed)).toBe(true);
    await h.connection.close();
  });

  it('honours maxReconnectionAttempts and reconnectionTimeout', async () => {
    const h = harness({ servers: ['ws://a.example.com', 'ws://b.example.com'], maxReconnectionAttempts: 1, reconnectionTimeout: 500, random: () => 0 });
    h.connection.start();
    await advance(h.clock, 500);
    expect(connectingTimes(h.log).map((l) => l.replace(/ws:\/\/(\w)\.example\.com/, '$1'))).toEqual([
      '0 connecting b #1', // equal weights: random order (this random puts b first)
      '500 connecting b #2',
      '500 connecting a #1',
    ]);
    await h.connection.close();
  });

  it('connects to the first reachable server in weight order', async () => {
    const h = harness({
      servers: [{ uri: 'ws://low.example.com', weight: 0 }, { uri: 'ws://high.example.com', weight: 10 }, { uri: 'ws://mid.example.com', weight: 5 }],
      maxReconnectionAttempts: 0,
    });
    h.reachable.set('ws://low.example.com', 'ok');
    h.connection.start();
    await advance(h.clock, 0);
    expect(connectingTimes(h.log)).toEqual([
      '0 connecting ws://high.example.com #1',
      '0 connecting ws://mid.example.com #1',
      '0 connecting ws://low.example.com #1',
    ]);
    expect(h.connection.connected).toBe(true);
    expect(h.connection.server?.uri).toBe('ws://low.example.com');
    await h.connection.send(ok('x'));
    expect(h.last().sent[0]!.to).toEqual({ protocol: 'WS', host: 'low.example.com', port: 80 });
    await h.connection.close();
  });

  it('reconnects to a server that goes away and comes back, after reconnectionTimeout', async () => {
    const h = harness({ servers: ['wss://a.example.com'] });
    h.reachable.set('wss://a.example.com', 'ok');
    h.connection.start();
    await advance(h.clock, 0);
    expect(h.connection.connected).toBe(true);
    h.reachable.set('wss://a.example.com', 'fail');
    h.last().drop();
    expect(h.connection.connected).toBe(false);
    await advance(h.clock, 4000);
    h.reachable.set('wss://a.example.com', 'ok');
    await advance(h.clock, 4000);
    expect(h.log).toEqual([
      '0 connecting wss://a.example.com #1',
      '0 connected wss://a.example.com',
      '0 disconnected wss://a.example.com (error)',
      '4000 connecting wss://a.example.com #2',
      '4000 disconnected wss://a.example.com (error)',
      '8000 connecting wss://a.example.com #3',
      '8000 connected wss://a.example.com',
    ]);
    expect(h.connection.connected).toBe(true);
    await h.connection.close();
    expect(h.clock.pending).toBe(0);
  });

  it('fails an attempt that hangs after connectTimeout', async () => {
    const h = harness({ servers: ['wss://a.example.com'], connectTimeout: 5000 });
    h.reachable.set('wss://a.example.com', 'hang');
    h.connection.start();
    await advance(h.clock, 5000);
    expect(h.log).toEqual(['0 connecting wss://a.example.com #1', '5000 disconnected wss://a.example.com (error)']);
    expect(h.transports[0]!.closed).toBe(true);
    await h.connection.close();
  });
});

describe('ServerConnection: what disconnected tells', () => {
  function withErrors(h: ReturnType<typeof harness>): Array<TransportError | undefined> {
    const errors: Array<TransportError | undefined> = [];
    h.connection.on('disconnected', (_server, error) => errors.push(error));
    return errors;
  }

  it('passes on the error of a failed attempt, naming the server and the cause', async () => {
    const h = harness({ servers: ['ws://a.example.com'] });
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ message: 'connection refused (ws://a.example.com)', reason: 'connection refused', peer: 'ws://a.example.com' });
    await h.connection.close();
    expect(errors).toHaveLength(1);
  });

  it('passes on the error of a connection lost, and nothing when close() ends it', async () => {
    const h = harness({ servers: ['wss://a.example.com'] });
    h.reachable.set('wss://a.example.com', 'ok');
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 0);
    h.last().drop();
    await advance(h.clock, 4000);
    await h.connection.close();
    expect(errors.map((e) => e?.message)).toEqual(['connection reset (wss://a.example.com)', undefined]);
  });

  it('a transport that cannot even be made (no WebSocket here) is a failed attempt with that reason', async () => {
    const h = harness({
      servers: ['ws://a.example.com'],
      createTransport: () => {
        throw new TypeError('no WebSocket in this environment');
      },
    });
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 4000);
    expect(errors.map((e) => e?.message)).toEqual([
      'no WebSocket in this environment (ws://a.example.com)',
      'no WebSocket in this environment (ws://a.example.com)',
    ]);
    await h.connection.close();
  });

  it('names the connect timeout, under the name the caller configures it by', async () => {
    const h = harness({ servers: ['ws://a.example.com'], connectTimeout: 3000, connectTimeoutName: 'connectionTimeout' });
    h.reachable.set('ws://a.example.com', 'hang');
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 3000);
    expect(errors[0]?.message).toBe('no connection within 3000 ms (connectionTimeout) (ws://a.example.com)');
    await h.connection.close();
  });

  it.each(['wss://a.example.com', 'tls:a.example.com'])('says what a TLS handshake that never completes means (%s)', async (uri) => {
    const h = harness({ servers: [uri] });
    h.reachable.set(uri, 'hang');
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 10_000);
    expect(errors[0]?.reason).toBe(
      'no connection within 10000 ms (connectTimeout); a TLS handshake with a port that does not speak TLS (e.g. wss: to a ws: port) never completes',
    );
    await h.connection.close();
  });

  it('never prints a password written into a server URL', async () => {
    const uri = 'wss://alice:Pa55word@a.example.com/sip';
    const h = harness({ servers: [uri], connectTimeout: 1000 });
    const errors = withErrors(h);
    h.connection.start();
    await advance(h.clock, 0);
    h.reachable.set(uri, 'hang');
    await advance(h.clock, 5000);
    const texts = errors.map((e) => `${e?.message} | ${e?.peer}`);
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text).not.toContain('Pa55word');
      expect(text).toContain('wss://alice:NOT SHOWN@a.example.com/sip');
    }
    await expect(h.connection.send(ok('x'))).rejects.toThrow('not connected (wss://alice:NOT SHOWN@a.example.com/sip)');
    await h.connection.close();
  });
});

describe('ServerConnection: UA-level recovery back-off', () => {
  it('waits k·min (k random in 1…2^n), capped at max, between rounds; resets after a success', async () => {
    // random → 0.999: k is always the largest value, 2^n.
    const h = harness({ servers: ['wss://a.example.com'], maxReconnectionAttempts: 0, random: () => 0.999 });
    h.connection.start();
    await advance(h.clock, 100_000);
    const starts = connectingTimes(h.log).map((l) => Number(l.split(' ')[0]));
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // Success resets the back-off: the next loss starts again at min.
    h.reachable.set('wss://a.example.com', 'ok');
    await advance(h.clock, 30_000);
    expect(h.connection.connected).toBe(true);
    h.reachable.set('wss://a.example.com', 'fail');
    const before = h.clock.now();
    h.last().drop();
    await advance(h.clock, 2000);
    expect(h.log.slice(-3)).toEqual([
      `${before} disconnected wss://a.example.com (error)`,
      `${before + 2000} connecting wss://a.example.com #1`,
      `${before + 2000} disconnected wss://a.example.com (error)`,
    ]);
    await h.connection.close();
    expect(h.clock.pending).toBe(0);
  });

  it('runs per-server attempts and failover again in every recovery round', async () => {
    const h = harness({
      servers: [{ uri: 'ws://a.example.com', weight: 1 }, { uri: 'ws://b.example.com', weight: 0 }],
      maxReconnectionAttempts: 1,
      reconnectionTimeout: 1000,
      recoveryMinInterval: 3000,
      random: () => 0,
    });
    h.connection.start();
    await advance(h.clock, 5000);
    expect(connectingTimes(h.log)).toEqual([
      '0 connecting ws://a.example.com #1',
      '1000 connecting ws://a.example.com #2',
      '1000 connecting ws://b.example.com #1',
      '2000 connecting ws://b.example.com #2',
      '5000 connecting ws://a.example.com #1', // recovery after min (random 0 → k = 1)
    ]);
    await h.connection.close();
  });

  it('recoveryDelay: the k·min rule and its cap', () => {
    expect(recoveryDelay(0, 2000, 30_000, () => 0.999)).toBe(2000);
    expect(recoveryDelay(3, 2000, 30_000, () => 0.5)).toBe(10_000); // k = floor(0.5·8)+1 = 5
    expect(recoveryDelay(3, 2000, 30_000, () => 0)).toBe(2000);
    expect(recoveryDelay(20, 2000, 30_000, () => 0.999)).toBe(30_000);
  });
});

describe('ServerConnection: weights', () => {
  const servers = [
    { uri: 'ws://a.example.com', weight: 1 },
    { uri: 'ws://b.example.com', weight: 5 },
    { uri: 'ws://c.example.com', weight: 1 },
    { uri: 'ws://d.example.com', weight: 5 },
  ].map((s) => parseSipServer(s));
  const hosts = (list: SipServer[]): string => list.map((s) => s.host[0]).join('');

  it('orders by weight, higher first, and shuffles equal weights', () => {
    const seen = new Set<string>();
    let seed = 1;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 200; i++) seen.add(hosts(orderByWeight(servers, random)));
    expect([...seen].sort()).toEqual(['bdac', 'bdca', 'dbac', 'dbca']);
  });

  it('parses server URIs with default ports', () => {
    expect(parseSipServer('wss://edge.example.com/sip')).toMatchObject({ protocol: 'WSS', host: 'edge.example.com', port: 443, weight: 0 });
    expect(parseSipServer({ uri: 'ws://10.0.0.1:8080', weight: 3 })).toMatchObject({ protocol: 'WS', host: '10.0.0.1', port: 8080, weight: 3 });
    expect(parseSipServer('udp:sip.example.com')).toMatchObject({ protocol: 'UDP', host: 'sip.example.com', port: 5060 });
    expect(parseSipServer('tcp:[::1]:5070')).toMatchObject({ protocol: 'TCP', host: '::1', port: 5070 });
    expect(parseSipServer('tls://sip.example.com:5061')).toMatchObject({ protocol: 'TLS', port: 5061 });
    expect(() => parseSipServer('http://example.com')).toThrow(TypeError);
    expect(() => parseSipServer('tcp:host:99999')).toThrow(TypeError);
  });

  it.each([
    ['wss:/edge.example.com', 'one slash'],
    ['ws:edge.example.com', 'no slashes'],
    ['wss:///edge.example.com', 'three slashes'],
    ['ws://', 'no host'],
    ['ws://:8080', 'a port without host'],
    ['ws://edge.example.com:0', 'port 0'],
    ['ws://edge.example.com/#sip', 'a fragment (RFC 6455 §3 has none)'],
    ['udp:/edge.example.com', 'a slash before a udp host'],
    ['tcp:', 'no host'],
  ])('refuses the malformed server URL %j (%s)', (uri) => {
    expect(() => parseSipServer(uri)).toThrow(TypeError);
    expect(() => parseSipServer(uri)).toThrow(/invalid server URL/);
  });

  it.each(['http://edge.example.com', 'sip:edge.example.com', 'edge.example.com', 'https://edge.example.com/ws'])(
    'refuses %j, listing the accepted schemes',
    (uri) => {
      expect(() => parseSipServer(uri)).toThrow('accepted: ws:, wss: (and with sipforge/node: udp:, tcp:, tls:)');
    },
  );
});

describe('ServerConnection: CRLF keep-alive (RFC 5626 §4.4.1)', () => {
  it('pings at 80–100 % of the interval and waits for the pong before the next ping', async () => {
    const randoms = [0, 1, 0.5];
    const h = harness({ servers: ['wss://a.example.com'], keepAliveInterval: 30_000, random: () => randoms.shift() ?? 0 });
    h.reachable.set('wss://a.example.com', 'ok');
    h.connection.start();
    await advance(h.clock, 0);
    const t = h.last();
    await advance(h.clock, 23_999);
    expect(t.pings).toBe(0);
    await advance(h.clock, 1); // 80 % of 30 s
    expect(t.pings).toBe(1);
    await advance(h.clock, 9000);
    t.emit('pong', { protocol: 'WSS', host: 'a.example.com', port: 443 });
    await advance(h.clock, 29_999);
    expect(t.pings).toBe(1);
    await advance(h.clock, 1); // 100 %
    expect(t.pings).toBe(2);
    t.emit('pong', { protocol: 'WSS', host: 'a.example.com', port: 443 });
    await advance(h.clock, 27_000); // 90 %
    expect(t.pings).toBe(3);
    expect(h.log.some((l) => l.includes('keepAliveTimeout'))).toBe(false);
    await h.connection.close();
    expect(h.clock.pending).toBe(0);
  });

  it('a pong missing for 10 s emits keepAliveTimeout and reconnects', async () => {
    const h = harness({ servers: ['wss://a.example.com'], keepAliveInterval: 20_000, random: () => 1 });
    h.reachable.set('wss://a.example.com', 'ok');
    h.connection.start();
    await advance(h.clock, 20_000);
    const first = h.last();
    expect(first.pings).toBe(1);
    await advance(h.clock, 9999);
    expect(h.log.some((l) => l.includes('keepAliveTimeout'))).toBe(false);
    await advance(h.clock, 1);
    expect(h.log.slice(2)).toEqual(['30000 keepAliveTimeout wss://a.example.com', '30000 disconnected wss://a.example.com (error)']);
    expect(first.closed).toBe(true);
    await advance(h.clock, 4000);
    expect(h.log.slice(4)).toEqual(['34000 connecting wss://a.example.com #2', '34000 connected wss://a.example.com']);
    await h.connection.close();
  });

  it('does not run on unreliable (UDP) flows, nor when the interval is 0', async () => {
    const udp = harness({ servers: ['udp:sip.example.com:5060'], keepAliveInterval: 1000 });
    udp.reachable.set('udp:sip.example.com:5060', 'ok');
    udp.connection.start();
    await advance(udp.clock, 0);
    expect(udp.connection.connected).toBe(true);
    expect(udp.clock.pending).toBe(0);
    await udp.connection.close();
    const off = harness({ servers: ['ws://a.example.com'] });
    off.reachable.set('ws://a.example.com', 'ok');
    off.connection.start();
    await advance(off.clock, 0);
    expect(off.clock.pending).toBe(0);
    await off.connection.close();
  });
});

describe('ServerConnection: close()', () => {
  it.each([
    ['waiting to reconnect', 'fail', 1000],
    ['waiting for recovery', 'fail', 12_500],
    ['connecting', 'hang', 100],
    ['connected with keep-alive running', 'ok', 25_000],
  ] as const)('cancels every timer and closes the transport (%s)', async (_state, outcome, at) => {
    const h = harness({ servers: ['wss://a.example.com'], keepAliveInterval: 24_000 });
    h.reachable.set('wss://a.example.com', outcome);
    h.connection.start();
    await advance(h.clock, at);
    expect(h.clock.pending).toBeGreaterThan(0);
    const logged = h.log.length;
    await h.connection.close();
    expect(h.clock.pending).toBe(0);
    expect(h.transports.every((t) => t.closed)).toBe(true);
    const afterClose = h.log.length;
    await advance(h.clock, 120_000);
    expect(h.log.length).toBe(afterClose);
    expect(afterClose - logged).toBe(outcome === 'ok' ? 1 : 0); // only `disconnected` for a live connection
  });

  it('ignores a late connect() result and events of a closed transport', async () => {
    const h = harness({ servers: ['wss://a.example.com'] });
    h.reachable.set('wss://a.example.com', 'ok');
    h.connection.start();
    const transport = h.last();
    await h.connection.close(); // before connect() resolved
    await advance(h.clock, 10_000);
    transport.drop();
    expect(h.connection.connected).toBe(false);
    expect(h.log).toEqual(['0 connecting wss://a.example.com #1']);
    expect(h.clock.pending).toBe(0);
  });

  it('validates its options', () => {
    expect(() => new ServerConnection({ servers: [] })).toThrow(TypeError);
    expect(() => new ServerConnection({ servers: ['ws://a'], recoveryMinInterval: 5000, recoveryMaxInterval: 1000 })).toThrow(RangeError);
    expect(() => new ServerConnection({ servers: ['ws://a'], reconnectionTimeout: -1 })).toThrow(RangeError);
  });
});
