import { describe, expect, it } from 'vitest';
import { peerSdp } from '../../support/fake-media-handler.js';
import SIP, { InviteClientContext, InviteServerContext, LegacyRequest, LegacyResponse, NameAddrHeader, newTag, UA_C, type UASession } from '../../../src/index.js';
import type { SipRequest } from '../../../src/syntax/index.js';
import { answer } from '../support/context-wire.js';
import { fromBob, quiet, settle, startedUa, stop } from '../support/started-ua.js';

const CONTACT = 'Contact: <sip:bob@127.0.0.1:8080;transport=ws>';

function sentRequest(transport: { requests: SipRequest[] }, method: string): SipRequest {
  const found = transport.requests.filter((r) => r.method === method).pop();
  if (found === undefined) throw new Error(`no ${method} sent`);
  return found;
}

describe('ua.C and SIP.UA.C', () => {
  it('are the legacy UA constants, the same frozen object on the class and the instance', () => {
    const ua = new SIP.UA({ uri: 'alice@example.test', log: quiet });
    expect(SIP.UA.C).toBe(UA_C);
    expect(ua.C).toBe(UA_C);
    expect(Object.isFrozen(ua.C)).toBe(true);
    expect(ua.C).toEqual({
      STATUS_INIT: 0,
      STATUS_STARTING: 1,
      STATUS_READY: 2,
      STATUS_USER_CLOSED: 3,
      STATUS_NOT_READY: 4,
      CONFIGURATION_ERROR: 1,
      NETWORK_ERROR: 2,
      ALLOWED_METHODS: ['ACK', 'CANCEL', 'INVITE', 'MESSAGE', 'BYE', 'OPTIONS', 'INFO', 'NOTIFY', 'REFER'],
      ACCEPTED_BODY_TYPES: ['application/sdp', 'application/dtmf-relay'],
      MAX_FORWARDS: 70,
      TAG_LENGTH: 24,
    });
    expect(ua.status).toBe(ua.C.STATUS_INIT);
  });

  it('TAG_LENGTH is the length of the tags the UA generates', async () => {
    expect(newTag()).toHaveLength(SIP.UA.C.TAG_LENGTH);
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.message('bob@example.test', 'hi');
    await settle();
    expect(sentRequest(transport, 'MESSAGE').from.tag).toHaveLength(SIP.UA.C.TAG_LENGTH);
    await stop(ua, clock);
  });
});

describe('the SIP namespace', () => {
  it('names the classes of the messages the API hands out as the legacy IncomingRequest/IncomingResponse, and has NameAddrHeader', () => {
    expect(SIP.IncomingRequest).toBe(LegacyRequest);
    expect(SIP.IncomingResponse).toBe(LegacyResponse);
    expect(SIP.NameAddrHeader).toBe(NameAddrHeader);
  });
});

describe('ua.afterConnected(callback)', () => {
  it('runs the callback at the next connected event when not connected, once', async () => {
    const { ua, clock } = startedUa({ autostart: false });
    const calls: string[] = [];
    ua.afterConnected(() => calls.push(`cb connected=${ua.isConnected()}`));
    expect(calls).toEqual([]);
    ua.start();
    await settle();
    expect(calls).toEqual(['cb connected=true']);
    ua.emit('connected', { transport: undefined as never });
    expect(calls).toHaveLength(1);
    await stop(ua, clock);
  });

  it('runs the callback at once when connected', async () => {
    const { ua, clock } = startedUa();
    await settle();
    const calls: string[] = [];
    ua.afterConnected(() => calls.push('now'));
    expect(calls).toEqual(['now']);
    await stop(ua, clock);
  });
});

describe('ua.getLogger(category, label)', () => {
  it('logs under the category and label with the UA log settings: level, connector, logger option', () => {
    const connector: unknown[][] = [];
    const lines: string[] = [];
    const logger = { error: (m: string) => lines.push(`E ${m}`), warn: (m: string) => lines.push(`W ${m}`), log: (m: string) => lines.push(`L ${m}`), debug: (m: string) => lines.push(`D ${m}`) };
    const ua = new SIP.UA({ uri: 'alice@example.test', log: { builtinEnabled: false, level: 'warn', connector: (...args: unknown[]) => connector.push(args) }, logger });
    connector.length = 0;
    lines.length = 0;
    const appLog = ua.getLogger('app.calls', 'call-7');
    appLog.error('boom');
    appLog.warn({ code: 3 });
    appLog.log('not at warn level');
    appLog.debug('nor this');
    expect(connector).toEqual([
      ['error', 'app.calls', 'call-7', 'boom'],
      ['warn', 'app.calls', 'call-7', '{"code":3}'],
    ]);
    expect(lines).toEqual(['E app.calls | call-7 | boom', 'W app.calls | call-7 | {"code":3}']);
    ua.getLogger('app.other').error(new TypeError('bad'));
    expect(connector[2]!.slice(0, 3)).toEqual(['error', 'app.other', undefined]);
    expect(connector[2]![3]).toMatch(/^TypeError: bad/);
  });
});

describe('the inviteSent event', () => {
  it('is emitted by ua.invite() with the new session, before any answer', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const sent: unknown[] = [];
    ua.on('inviteSent', (session) => sent.push(session));
    const session = ua.invite('bob@example.test');
    expect(sent).toEqual([session]);
    expect(session).toBeInstanceOf(InviteClientContext);
    await settle();
    expect(transport.requests.filter((r) => r.method === 'INVITE')).toHaveLength(1);
    await stop(ua, clock);
  });
});

describe('ua.sessions', () => {
  it('holds a placed call under Call-ID + From tag until it fails', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const session = ua.invite('bob@example.test');
    await settle();
    const invite = sentRequest(transport, 'INVITE');
    expect(session.id).toBe(invite.callId + invite.from.tag);
    expect(Object.keys(ua.sessions)).toEqual([session.id]);
    expect(ua.sessions[session.id]).toBe(session);
    transport.deliver(answer(invite, 486, { toTag: 'x1' }));
    await settle();
    expect(ua.sessions).toEqual({});
    await stop(ua, clock);
  });

  it('holds a placed call until its BYE is sent', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const session = ua.invite('bob@example.test');
    await settle();
    transport.deliver(answer(sentRequest(transport, 'INVITE'), 200, { toTag: 'x2', headers: [CONTACT], body: peerSdp() }));
    await settle();
    expect(ua.sessions[session.id]).toBe(session);
    session.bye();
    expect(ua.sessions).toEqual({});
    await stop(ua, clock);
  });

  it('holds a received call from the invite event until the caller ends it with BYE', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const seen: Array<[UASession, number]> = [];
    ua.on('invite', (session) => {
      seen.push([session, Object.keys(ua.sessions).length]);
      session.accept();
    });
    transport.deliver(fromBob('INVITE', { callId: 'in-1', extra: [CONTACT], body: peerSdp(), contentType: 'application/sdp' }));
    await settle();
    const [[session, countDuringEvent]] = seen as [[InviteServerContext, number]];
    expect(countDuringEvent).toBe(1);
    expect(session.id).toBe('in-1b1');
    expect(ua.sessions['in-1b1']).toBe(session);
    const ok = transport.sent.find((m) => m.text.startsWith('SIP/2.0 200'))!.message;
    const toTag = ok.to.tag!;
    transport.deliver(
      fromBob('ACK', { callId: 'in-1', branch: 'z9hG4bKack' }).replace('To: <sip:alice@example.test>', `To: <sip:alice@example.test>;tag=${toTag}`),
    );
    transport.deliver(
      fromBob('BYE', { callId: 'in-1', branch: 'z9hG4bKbye' })
        .replace('To: <sip:alice@example.test>', `To: <sip:alice@example.test>;tag=${toTag}`)
        .replace('CSeq: 1 BYE', 'CSeq: 2 BYE'),
    );
    await settle();
    expect(transport.statuses.slice(-1)).toEqual([200]);
    expect(ua.sessions).toEqual({});
    await stop(ua, clock);
  });

  it('forgets a received call that is rejected', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.on('invite', (session) => session.reject({ statusCode: 603 }));
    transport.deliver(fromBob('INVITE', { callId: 'in-2', extra: [CONTACT] }));
    await settle();
    expect(transport.statuses).toEqual([603]);
    expect(ua.sessions).toEqual({});
    await stop(ua, clock);
  });
});
