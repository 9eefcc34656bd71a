import { describe, expect, it } from 'vitest';
import { peerSdp } from '../../support/fake-media-handler.js';
import { LegacyRequest, LegacyResponse, NameAddrHeader, type InviteServerContext, type MessageServerContext } from '../../../src/index.js';
import type { SipRequest } from '../../../src/syntax/index.js';
import { answer } from '../support/context-wire.js';
import { fromBob, settle, startedUa, stop } from '../support/started-ua.js';

const CONTACT = 'Contact: <sip:bob@127.0.0.1:8080;transport=ws>';

function lastSent(transport: { requests: SipRequest[] }, method: string): SipRequest {
  return transport.requests.filter((r) => r.method === method).pop()!;
}

/** The legacy fields every context has, as text for one comparison. */
function fields(context: { ua: unknown; method: string; request: LegacyRequest; localIdentity: NameAddrHeader; remoteIdentity: NameAddrHeader; data: object }) {
  return {
    method: context.method,
    requestMethod: context.request.method,
    request: context.request instanceof LegacyRequest,
    local: context.localIdentity instanceof NameAddrHeader ? context.localIdentity.toString() : 'not a NameAddrHeader',
    remote: context.remoteIdentity instanceof NameAddrHeader ? context.remoteIdentity.toString() : 'not a NameAddrHeader',
    data: context.data,
  };
}

describe('the legacy fields of contexts', () => {
  it('ua.request() and ua.message(): ua, method, request, localIdentity (From), remoteIdentity (To), data', async () => {
    const { ua, transport, clock } = startedUa({ displayName: 'Alice' });
    await settle();
    const options = ua.request('OPTIONS', 'bob@example.test');
    const message = ua.message('carol@example.test', 'hi');
    for (const context of [options, message]) expect(context.ua).toBe(ua);
    expect(fields(options)).toEqual({
      method: 'OPTIONS',
      requestMethod: 'OPTIONS',
      request: true,
      local: `"Alice" <sip:alice@example.test>;tag=${options.request.from_tag}`,
      remote: '<sip:bob@example.test>',
      data: {},
    });
    expect(fields(message)).toMatchObject({ method: 'MESSAGE', remote: '<sip:carol@example.test>' });
    expect(message.request.body).toBe('hi');
    await settle();
    expect(options.request.call_id).toBe(lastSent(transport, 'OPTIONS').callId);
    await stop(ua, clock);
  });

  it('ua.invite(): ua, method, request, identities, and responses as LegacyResponse in its events', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const session = ua.invite('bob@example.test');
    const seen: string[] = [];
    session.on('progress', (r) => seen.push(`progress ${r.status_code} ${r.reason_phrase} ${r instanceof LegacyResponse}`));
    session.on('accepted', (r) => seen.push(`accepted ${r.status_code} ${r.method} to_tag=${r.to_tag} cseq=${r.cseq} ${r.getHeader('Contact')}`));
    session.on('bye', (r) => seen.push(`bye ${r.method} ${r.call_id === session.request.call_id} ${r instanceof LegacyRequest}`));
    expect(session.ua).toBe(ua);
    expect(fields(session)).toMatchObject({ method: 'INVITE', requestMethod: 'INVITE', request: true, remote: '<sip:bob@example.test>' });
    expect(session.localIdentity.uri.toString()).toBe('sip:alice@example.test');
    await settle();
    const invite = lastSent(transport, 'INVITE');
    transport.deliver(answer(invite, 180, { reason: 'Ringing', toTag: 'x1' }));
    transport.deliver(answer(invite, 200, { reason: 'OK', toTag: 'x1', headers: [CONTACT], body: peerSdp() }));
    await settle();
    session.bye();
    expect(seen).toEqual([
      'progress 180 Ringing true',
      'accepted 200 INVITE to_tag=x1 cseq=1 <sip:bob@127.0.0.1:8080;transport=ws>',
      'bye BYE true true',
    ]);
    await stop(ua, clock);
  });

  it('rejected and failed hand out the same LegacyResponse', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const context = ua.message('bob@example.test', 'hi');
    const got: unknown[] = [];
    context.on('rejected', (r) => got.push(r));
    context.on('failed', (r, cause) => got.push(r, cause));
    await settle();
    transport.deliver(answer(lastSent(transport, 'MESSAGE'), 404, { reason: 'Not Found', toTag: 'n1' }));
    await settle();
    expect(got[0]).toBeInstanceOf(LegacyResponse);
    expect(got[1]).toBe(got[0]);
    expect([(got[0] as LegacyResponse).status_code, got[2]]).toEqual([404, 'Not Found']);
    await stop(ua, clock);
  });

  it('the invite event: ua, method, request, localIdentity (To), remoteIdentity (From); cancel hands the CANCEL', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const sessions: InviteServerContext[] = [];
    const seen: string[] = [];
    ua.on('invite', (session) => {
      sessions.push(session);
      session.on('cancel', (r) => seen.push(`cancel ${r.method} ${r.call_id}`));
      session.on('failed', (r, cause) => seen.push(`failed ${r?.status_code} ${cause}`));
      session.progress();
    });
    transport.deliver(fromBob('INVITE', { callId: 'c-1', extra: [CONTACT] }));
    await settle();
    const [session] = sessions as [InviteServerContext];
    expect(session.ua).toBe(ua);
    expect(fields(session)).toEqual({
      method: 'INVITE',
      requestMethod: 'INVITE',
      request: true,
      local: '<sip:alice@example.test>',
      remote: '"Bob" <sip:bob@example.test>;tag=b1',
      data: {},
    });
    expect([session.request.call_id, session.request.from_tag, session.request.cseq]).toEqual(['c-1', 'b1', 1]);
    transport.deliver(fromBob('CANCEL', { callId: 'c-1' }));
    await settle();
    expect(seen).toEqual(['cancel CANCEL c-1', 'failed 487 Canceled']);
    await stop(ua, clock);
  });

  it('the message event: ua, method, request, identities, data, and accepted with a LegacyResponse', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const messages: MessageServerContext[] = [];
    const accepted: string[] = [];
    ua.on('message', (message) => {
      messages.push(message);
      message.on('accepted', (r) => accepted.push(`${r.status_code} ${r.reason_phrase} ${r.to_tag?.length}`));
    });
    transport.deliver(fromBob('MESSAGE', { body: 'yo', contentType: 'text/plain' }));
    await settle();
    const [message] = messages as [MessageServerContext];
    expect(message.ua).toBe(ua);
    expect(fields(message)).toEqual({
      method: 'MESSAGE',
      requestMethod: 'MESSAGE',
      request: true,
      local: '<sip:alice@example.test>',
      remote: '"Bob" <sip:bob@example.test>;tag=b1',
      data: {},
    });
    expect(accepted).toEqual(['200 OK 24']);
    await stop(ua, clock);
  });

  it('registered hands a LegacyResponse', async () => {
    const { ua, transport, clock } = startedUa({ register: true });
    const seen: string[] = [];
    ua.on('registered', (r) => seen.push(`${r.status_code} ${r.method} ${r.getHeader('Contact')}`));
    await settle();
    const register = lastSent(transport, 'REGISTER');
    transport.deliver(answer(register, 200, { reason: 'OK', toTag: 'r1', headers: [`Contact: ${register.rawHeader('Contact')};expires=600`] }));
    await settle();
    expect(seen).toEqual([`200 REGISTER ${register.rawHeader('Contact')};expires=600`]);
    await stop(ua, clock);
  });
});
