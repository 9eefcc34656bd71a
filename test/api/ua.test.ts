import { describe, expect, it } from 'vitest';
import { fakeMediaFactory } from '../support/fake-media-handler.js';
import SIP, { ConfigurationError, FakeClock } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

const quiet = { builtinEnabled: false };

function startedUa(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: quiet, ...config },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: fakeMediaFactory().factory },
  );
  return { ua, transport, clock };
}

/** stop() waits (on the UA's clock) for the un-REGISTER and pending transactions, at most 5 s. */
async function stop(ua: { stop(): Promise<void> }, clock: FakeClock): Promise<void> {
  const stopping = ua.stop();
  for (let elapsed = 0; elapsed <= 5000; elapsed += 100) {
    await settle();
    clock.advance(100);
  }
  await stopping;
  expect(clock.pending).toBe(0);
}

describe('SIP.UA', () => {
  it('takes no arguments (anonymous), a string (the uri) or a configuration object', () => {
    expect(new SIP.UA({ log: quiet }).configuration.uri.toString()).toMatch(/^sip:anonymous\.\w{6}@anonymous\.invalid$/);
    expect(new SIP.UA('bob@example.com').configuration.uri.toString()).toBe('sip:bob@example.com');
    expect(new SIP.UA({ uri: 'carol@example.com', log: quiet }).configuration.authorizationUser).toBe('carol');
  });

  it('refuses to start without a server, naming the parameter', () => {
    const ua = new SIP.UA({ uri: 'alice@example.test', autostart: false, log: quiet });
    expect(() => ua.start()).toThrow(ConfigurationError);
  });

  it('connects and emits connecting then connected; register() and unregister() return the UA', async () => {
    const { ua, transport, clock } = startedUa({ autostart: false });
    const events: string[] = [];
    ua.on('connecting', () => events.push('connecting'));
    ua.on('connected', () => events.push('connected'));
    ua.start();
    await settle();
    expect(events).toEqual(['connecting', 'connected']);
    expect(ua.isConnected()).toBe(true);
    expect(ua.register()).toBe(ua);
    expect(ua.unregister()).toBe(ua);
    await settle();
    expect(transport.sent.filter((m) => m.text.startsWith('REGISTER '))).toHaveLength(1);
    // Nobody answers the REGISTER here: stop() waits for the un-REGISTER at most 5 s, then closes.
    await stop(ua, clock);
    expect(ua.isConnected()).toBe(false);
  });

  it('puts the UA contact, +sip.instance and reg-id in the Contact of its REGISTER, and the bare contact in that of a SUBSCRIBE', async () => {
    const instanceId = '8f1fa16a-1165-4a96-8341-785b1ef24f12';
    const { ua, transport, clock } = startedUa({ register: true, instanceId });
    await settle();
    ua.subscribe('bob@example.test', 'presence');
    await settle();
    const contactOf = (method: string): string | undefined =>
      transport.sent.find((m) => m.text.startsWith(`${method} `))?.text.split('\r\n').find((line) => line.startsWith('Contact: '));
    const uri = ua.contact.toString();
    expect(uri).toMatch(/^sip:[a-z0-9]{8}@[a-z0-9]{12}\.invalid;transport=ws$/);
    expect(contactOf('REGISTER')).toBe(`Contact: <${uri}>;+sip.instance="<urn:uuid:${instanceId}>";reg-id=1;expires=600`);
    expect(contactOf('SUBSCRIBE')).toBe(`Contact: <${uri}>`);
    await stop(ua, clock);
  });

  it('sends a MESSAGE with the legacy default content type', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.message('bob@example.test', 'hi');
    await settle();
    const sent = transport.sent.find((m) => m.text.startsWith('MESSAGE '))!.text;
    expect(sent.split('\r\n')[0]).toBe('MESSAGE sip:bob@example.test SIP/2.0');
    expect(sent).toContain('\r\nContent-Type: text/plain\r\n');
    // Allow lists exactly what the UA answers (an INFO would get 405, so INFO is not in it).
    expect(sent).toContain('\r\nAllow: ACK, CANCEL, OPTIONS, MESSAGE, INVITE, BYE, INFO, UPDATE, REFER, NOTIFY\r\n');
    expect(sent.endsWith('\r\n\r\nhi')).toBe(true);
    await stop(ua, clock);
  });

  it('refuses header injection and bad targets with a TypeError before anything is sent', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const before = transport.sent.length;
    expect(() => ua.message('bob@example.test', 'x', { extraHeaders: ['X-A: 1\r\nX-Injected: 2'] })).toThrow(TypeError);
    expect(() => ua.message('bob@example.test', 'x', { extraHeaders: ['Bad Name: 1'] })).toThrow(TypeError);
    expect(() => ua.message('bob@exa\r\nmple.test', 'x')).toThrow(TypeError);
    expect(() => ua.request('OPTIONS', 'sip:bob@example.test', { contentType: 'text/plain\r\nX: y', body: 'b' })).toThrow(TypeError);
    expect(() => new SIP.UA({ displayName: 'Eve\r\nX: y', log: quiet })).toThrow(ConfigurationError);
    await settle();
    expect(transport.sent.length).toBe(before);
    await stop(ua, clock);
  });

  it('normalizes targets as the legacy UA did', () => {
    const ua = new SIP.UA({ uri: 'alice@example.test', log: quiet });
    expect(ua.normalizeTarget('bob')?.toString()).toBe('sip:bob@example.test');
    expect(ua.normalizeTarget('+1 (555) 010-9999')?.toString()).toBe('sip:+15550109999@example.test');
    expect(ua.normalizeTarget('carol@example.org')?.toString()).toBe('sip:carol@example.org');
    expect(ua.normalizeTarget('sips:dave@example.org')?.toString()).toBe('sips:dave@example.org');
    expect(ua.normalizeTarget('a\r\nb')).toBeUndefined();
  });

  it('answers an incoming MESSAGE 200 with no listener (legacy) and emits message with its body', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const bodies: string[] = [];
    ua.on('message', (message) => bodies.push(message.body));
    const incoming =
      'MESSAGE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKin1\r\n' +
      'Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\nCall-ID: m1\r\n' +
      'CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';
    transport.deliver(incoming);
    await settle();
    expect(bodies).toEqual(['hello']);
    expect(transport.sent.find((m) => m.text.startsWith('SIP/2.0 200 OK'))?.text).toContain('\r\nCall-ID: m1\r\n');
    await stop(ua, clock);
  });

  const invite = (branch: string, callId: string) =>
    `INVITE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=${branch}\r\n` +
    `Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\nCall-ID: ${callId}\r\n` +
    'CSeq: 1 INVITE\r\nContact: <sip:bob@127.0.0.1:8080;transport=ws>\r\nContent-Length: 0\r\n\r\n';

  it('declines an INVITE with 480 when nobody listens for invite, and answers an out-of-dialog BYE 481', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    transport.deliver(invite('z9hG4bKinv1', 'i1'));
    transport.deliver(
      'BYE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKbye1\r\n' +
        'Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b2\r\nTo: <sip:alice@example.test>\r\nCall-ID: b1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n',
    );
    await settle();
    const answers = transport.sent.filter((m) => m.text.startsWith('SIP/2.0')).map((m) => m.text.split('\r\n')[0]);
    expect(answers).toEqual(['SIP/2.0 480 Temporarily Unavailable', 'SIP/2.0 481 Call/Transaction Does Not Exist']);
    await stop(ua, clock);
  });

  it('declines a call still ringing when stopped', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.on('invite', (context) => context.progress());
    transport.deliver(invite('z9hG4bKinv2', 'i2'));
    await settle();
    await stop(ua, clock);
    const answers = transport.sent.filter((m) => m.text.startsWith('SIP/2.0')).map((m) => m.text.split('\r\n')[0]);
    expect(answers).toEqual(['SIP/2.0 180 Ringing', 'SIP/2.0 480 Temporarily Unavailable']);
  });
});
