import { describe, expect, it, vi } from 'vitest';
import SIP, { ConfigurationError, FakeClock, type UA } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

// Issue 7, "Inputs the API must refuse": input that would put a header line on the wire that no
// peer can read is refused, naming the input, before anything is sent; From and To carry only
// the URI parts RFC 3261 §19.1.1 allows there; a tel: target stays a tel URI.

const quiet = { builtinEnabled: false };

function startedUa(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: quiet, ...config },
    { transportFactory: () => () => transport, clock },
  );
  return { ua, transport, clock };
}

async function stop(ua: UA, clock: FakeClock): Promise<void> {
  const stopping = ua.stop();
  for (let elapsed = 0; elapsed <= 5000; elapsed += 100) {
    await settle();
    clock.advance(100);
  }
  await stopping;
}

/** What `act` throws, as "Name: message". */
function thrown(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'nothing thrown';
}

/** The request line and the header lines named, of the one request sent. */
function lines(text: string, ...names: string[]): string[] {
  const all = text.split('\r\n');
  return [all[0]!, ...all.filter((line) => names.some((name) => line.startsWith(`${name}: `)))];
}

describe('userAgentString (RFC 3261 §20.41: server-val *(LWS server-val))', () => {
  it.each([
    ['a product version with a second slash (pjsua)', 'PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19'],
    ['an unclosed comment', 'Phone/1.0 (Linux'],
    ['a control character', 'Phone/1.0\x01'],
    ['a line break', 'Phone/1.0\r\nX-Injected: 1'],
    ['a separator outside a comment', 'Phone=1.0'],
  ])('refuses %s with a ConfigurationError naming it, before any transport exists', (_, value) => {
    const transportFactory = vi.fn(() => () => new ScriptedTransport(new FakeClock()));
    let error: unknown;
    try {
      new SIP.UA({ uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', userAgentString: value, log: quiet }, { transportFactory });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).parameter).toBe('userAgentString');
    expect(transportFactory).not.toHaveBeenCalled();
  });

  it('sends one the grammar accepts as given, comments and HTAB included', async () => {
    const { ua, transport, clock } = startedUa({ userAgentString: 'Phone/1.0 (Linux; x86_64)\tlib/2' });
    await settle();
    ua.message('bob@example.test', 'hi');
    await settle();
    expect(transport.requests[0]!.toString()).toContain('\r\nUser-Agent: Phone/1.0 (Linux; x86_64)\tlib/2\r\n');
    await stop(ua, clock);
  });
});

describe('extraHeaders and reason phrases', () => {
  it.each([
    ['Expires: abc', /^TypeError: extraHeaders\[0\] is not a valid Expires value: "abc"/],
    ['Require:', /^TypeError: extraHeaders\[0\] is not a valid Require value: ""/],
    ['Max-Expires: 1', null],
    ['Priority: not a token', /^TypeError: extraHeaders\[0\] is not a valid Priority value: "not a token"/],
    ['User-Agent: PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19', /^TypeError: extraHeaders\[0\] is not a valid User-Agent value/],
    ['X-Note: bell\x07', /^TypeError: extraHeaders\[0\] must not contain control characters other than HTAB: "X-Note: bell\\u0007"$/],
    ['X-Note: del\x7f', /^TypeError: extraHeaders\[0\] must not contain control characters other than HTAB/],
    ['Subject: nul\x00', /^TypeError: extraHeaders\[0\] must not contain CR, LF or NUL/],
  ])('%j: refused before anything is sent (an unknown header takes any text)', async (line, expected) => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const send = () => ua.message('bob@example.test', 'hi', { extraHeaders: [line] });
    if (expected === null) {
      send();
      await settle();
      expect(transport.requests.map((r) => r.rawHeader('Max-Expires'))).toEqual(['1']);
    } else {
      expect(thrown(send)).toMatch(expected);
      await settle();
      expect(transport.sent).toHaveLength(0);
    }
    await stop(ua, clock);
  });

  it('names the entry that is wrong, for every method that takes extra headers', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    expect(thrown(() => ua.request('OPTIONS', 'bob@example.test', { extraHeaders: ['X-A: 1', 'Expires: soon'] }))).toMatch(/^TypeError: extraHeaders\[1\] is not a valid Expires value: "soon"/);
    expect(thrown(() => ua.invite('bob@example.test', { extraHeaders: ['Require:  '] }))).toMatch(/^TypeError: extraHeaders\[0\] is not a valid Require value/);
    expect(thrown(() => ua.register({ extraHeaders: ['X-A: \x1b[31m'] }))).toMatch(/^TypeError: extraHeaders\[0\] must not contain control characters other than HTAB/);
    await settle();
    expect(transport.sent).toHaveLength(0);
    await stop(ua, clock);
  });

  it('keeps HTAB, which is whitespace on a header line (LWS)', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.message('bob@example.test', 'hi', { extraHeaders: ['X-Tabbed: a\tb', 'Expires: 60'] });
    await settle();
    expect(lines(transport.requests[0]!.toString(), 'X-Tabbed', 'Expires').slice(1)).toEqual(['X-Tabbed: a\tb', 'Expires: 60']);
    await stop(ua, clock);
  });

  it('refuses a reply with a control character in its reason phrase or a bad extra header, then auto-answers 200', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const errors: string[] = [];
    ua.on('message', (message) => {
      errors.push(thrown(() => message.accept({ reasonPhrase: 'OK\x07' })));
      errors.push(thrown(() => message.reject({ statusCode: 486, reasonPhrase: 'Busy\x1b' })));
      errors.push(thrown(() => message.accept({ extraHeaders: ['Expires: later'] })));
      expect(transport.sent).toHaveLength(0);
    });
    transport.deliver(
      'MESSAGE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKin1\r\n' +
        'Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\nCall-ID: m1\r\n' +
        'CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
    );
    await settle();
    expect(errors).toEqual([
      'TypeError: reasonPhrase must not contain control characters other than HTAB: "OK\\u0007"',
      'TypeError: reasonPhrase must not contain control characters other than HTAB: "Busy\\u001b"',
      expect.stringMatching(/^TypeError: extraHeaders\[0\] is not a valid Expires value: "later"/),
    ]);
    expect(transport.sent.map((m) => m.text.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK']);
    await stop(ua, clock);
  });

  it('refuses a display name with a control character (it would be a quoted-pair on the wire)', () => {
    expect(() => new SIP.UA({ uri: 'alice@example.test', displayName: 'Alice\x08', log: quiet })).toThrow(ConfigurationError);
  });
});

describe('From and To (RFC 3261 §19.1.1 Table 1)', () => {
  it('lose method, maddr, ttl, transport, lr and URI headers; the Request-URI keeps what it may carry', async () => {
    const { ua, transport, clock } = startedUa({ uri: 'sip:alice@example.test;transport=ws;user=phone;lr?X-Who=alice' });
    await settle();
    ua.message('sip:bob@example.test:5070;transport=tcp;maddr=192.0.2.9;TTL=5;lr;method=MESSAGE;user=phone;x-flag=1?Subject=hi&Priority=urgent', 'hi');
    await settle();
    const sent = transport.requests[0]!;
    expect(lines(sent.toString(), 'To', 'From')).toEqual([
      'MESSAGE sip:bob@example.test:5070;transport=tcp;maddr=192.0.2.9;TTL=5;lr;user=phone;x-flag=1 SIP/2.0',
      'To: <sip:bob@example.test:5070;user=phone;x-flag=1>',
      `From: <sip:alice@example.test;user=phone>;tag=${sent.from.tag!}`,
    ]);
    await stop(ua, clock);
  });

  it('in a REGISTER too (From and To are the AOR)', async () => {
    const { ua, transport, clock } = startedUa({ uri: 'sip:alice@example.test;transport=ws?X-Who=alice', register: true });
    await settle();
    const register = transport.requests.find((r) => r.method === 'REGISTER')!;
    expect(lines(register.toString(), 'To', 'From')).toEqual([
      'REGISTER sip:example.test;transport=ws SIP/2.0',
      'To: <sip:alice@example.test>',
      `From: <sip:alice@example.test>;tag=${register.from.tag!}`,
    ]);
    ua.unregister();
    await stop(ua, clock);
  });

  it('are sent as given when they have nothing to lose', async () => {
    const { ua, transport, clock } = startedUa({ displayName: 'Alice' });
    await settle();
    ua.message('sip:bob@example.test;x-flag=1', 'hi');
    await settle();
    const sent = transport.requests[0]!;
    expect(lines(sent.toString(), 'To', 'From')).toEqual([
      'MESSAGE sip:bob@example.test;x-flag=1 SIP/2.0',
      'To: <sip:bob@example.test;x-flag=1>',
      `From: "Alice" <sip:alice@example.test>;tag=${sent.from.tag!}`,
    ]);
    await stop(ua, clock);
  });
});

describe('tel: targets (RFC 3966)', () => {
  it('are tel URIs in the Request-URI and To, not sip:tel:…@host', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    expect(ua.normalizeTarget('tel:+1-201-555-0123')?.toString()).toBe('tel:+1-201-555-0123');
    ua.message('tel:+1-201-555-0123;phone-context=example.test', 'hi');
    await settle();
    expect(lines(transport.requests[0]!.toString(), 'To')).toEqual(['MESSAGE tel:+1-201-555-0123;phone-context=example.test SIP/2.0', 'To: <tel:+1-201-555-0123;phone-context=example.test>']);
    await stop(ua, clock);
  });

  it('are refused when they are not tel URIs', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    expect(ua.normalizeTarget('tel:+1234@example.test')).toBeUndefined();
    expect(thrown(() => ua.message('tel:', 'hi'))).toBe('TypeError: invalid target: "tel:"');
    expect(thrown(() => ua.message('tel:+1234@example.test', 'hi'))).toBe('TypeError: invalid target: "tel:+1234@example.test"');
    await settle();
    expect(transport.sent).toHaveLength(0);
    await stop(ua, clock);
  });
});
