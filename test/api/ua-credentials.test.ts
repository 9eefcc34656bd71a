import { describe, expect, it } from 'vitest';
import { fakeMediaFactory } from '../support/fake-media-handler.js';
import SIP, { FakeClock, parseUri } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

// RFC 3261 §19.1.1: a password in a SIP URI's userinfo is NOT RECOMMENDED ("passing of
// authentication information in clear text … has proven to be a security risk"). The UA takes
// the URI without it, says so once, and never puts it on the wire or in a log.

function uaWith(config: Record<string, unknown>) {
  const clock = new FakeClock();
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    {
      uri: 'alice@example.test',
      wsServers: 'ws://127.0.0.1:8080',
      register: false,
      log: { builtinEnabled: false, level: 'debug' },
      logger: { error: record('error'), warn: record('warn'), log: record('log'), debug: record('debug') },
      traceSip: true,
      ...config,
    },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: fakeMediaFactory().factory },
  );
  return { ua, transport, clock, lines, warnings: () => lines.filter((l) => l.startsWith('warn ')) };
}

const header = (text: string, name: string): string | undefined => text.split('\r\n').find((l) => l.startsWith(`${name}: `));

describe('passwords written into SIP URIs', () => {
  it('uri: From and To of REGISTER and MESSAGE carry the AOR without its password, with one warning', async () => {
    const h = uaWith({ uri: 'sip:alice:Pa55word@example.test', register: true });
    await settle();
    h.ua.message('bob@example.test', 'hi');
    await settle();
    const register = h.transport.sent.find((m) => m.text.startsWith('REGISTER '))!.text;
    const message = h.transport.sent.find((m) => m.text.startsWith('MESSAGE '))!.text;
    expect(header(register, 'From')).toMatch(/^From: <sip:alice@example\.test>;tag=/);
    expect(header(register, 'To')).toBe('To: <sip:alice@example.test>');
    expect(header(message, 'From')).toMatch(/^From: <sip:alice@example\.test>;tag=/);
    expect(h.transport.sent.map((m) => m.text).join('')).not.toContain('Pa55word');
    expect(h.ua.configuration.uri.toString()).toBe('sip:alice@example.test');
    expect(h.ua.configuration.authorizationUser).toBe('alice');
    expect(h.warnings().filter((l) => l.includes('password'))).toEqual([
      'warn sip.ua | uri: the password written into the URI is not used; it is never sent nor logged (RFC 3261 §19.1.1). Set `password` for digest authentication',
    ]);
    for (const line of h.lines) expect(line).not.toContain('Pa55word');
  });

  it('targets: Request-URI and To carry the target without its password, warned once per UA', async () => {
    const h = uaWith({});
    await settle();
    const given = parseUri('sip:bob:Secr3t@example.test;transport=ws');
    h.ua.message('sip:bob:Secr3t@example.test', 'one');
    h.ua.request('OPTIONS', given);
    const invite = h.ua.invite('carol:Secr3t@example.test');
    await settle();
    const [message, options, inviteSent] = h.transport.requests;
    expect(message!.toString().split('\r\n')[0]).toBe('MESSAGE sip:bob@example.test SIP/2.0');
    expect(header(message!.toString(), 'To')).toBe('To: <sip:bob@example.test>');
    expect(options!.toString().split('\r\n')[0]).toBe('OPTIONS sip:bob@example.test;transport=ws SIP/2.0');
    expect(inviteSent!.toString().split('\r\n')[0]).toBe('INVITE sip:carol@example.test SIP/2.0');
    expect(invite.target.toString()).toBe('sip:carol@example.test');
    // The application's own URI object is left as it was.
    expect(given.password).toBe('Secr3t');
    expect(h.transport.sent.map((m) => m.text).join('')).not.toContain('Secr3t');
    expect(h.warnings().filter((l) => l.includes('password'))).toEqual([
      'warn sip.ua | target: the password written into a target URI is not used; it is never sent nor logged (RFC 3261 §19.1.1)',
    ]);
    for (const line of h.lines) expect(line).not.toContain('Secr3t');
  });

  it('an invalid target with a password is refused without echoing the password', async () => {
    const h = uaWith({});
    await settle();
    expect(() => h.ua.message('sip:bob:Secr3t@exa mple.test', 'x')).toThrow(TypeError);
    expect(() => h.ua.message('sip:bob:Secr3t@exa mple.test', 'x')).toThrow('invalid target: "sip:bob:NOT SHOWN@exa mple.test"');
  });

  it('a configuration error does not echo the password of a URI or a server URL', () => {
    expect(() => new SIP.UA({ uri: 'sip:alice:Pa55word@exa mple.test', log: { builtinEnabled: false } })).toThrow(
      'Invalid value "sip:alice:NOT SHOWN@exa mple.test" for parameter "uri"',
    );
    expect(() => new SIP.UA({ uri: 'alice@example.test', wsServers: 'wss://alice:Pa55word@edge.example.test#x', log: { builtinEnabled: false } })).toThrow(
      /^Invalid value "wss:\/\/alice:NOT SHOWN@edge\.example\.test#x" for parameter "wsServers"/,
    );
  });
});
