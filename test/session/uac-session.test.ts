import { describe, expect, it } from 'vitest';
import { InviteClientContext, SessionStatus } from '../../src/api/contexts/index.js';
import type { SipRequest } from '../../src/syntax/index.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { answer, BOB_CONTACT, callWire, EDGE, record, settle } from './support/call.js';

// The caller's side (RFC 3261 §13.2, RFC 3264, RFC 6337 §3.1.1): early media from a 183 with SDP, forks
// with their early dialogs, the first 2xx wins, a late 1xx changes nothing, an answer that cannot be
// used, an INVITE without an offer, and what the From and headers of an anonymous call say.

async function calling(options: Parameters<typeof callWire>[0] & { call?: ConstructorParameters<typeof InviteClientContext>[2] } = {}) {
  const w = callWire(options);
  const context = new InviteClientContext(w.env, 'sip:bob@example.com', options.call ?? {});
  const seen = record(context);
  context.on('progress', (r) => seen.push(`progress ${r.status}`));
  context.invite();
  await settle();
  const invite = w.transport.requests[0] as SipRequest;
  const reply = (status: number, tag: string, body?: string, contact = BOB_CONTACT) =>
    answer(invite, status, { toTag: tag, headers: [`Record-Route: ${EDGE}`, `Contact: ${contact}`], ...(body === undefined ? {} : { body }) });
  return { ...w, context, seen, invite, reply, handler: w.handlers[0]! };
}

const methods = (requests: SipRequest[]) => requests.map((r) => `${r.method} ${r.to.tag ?? '-'}`);

describe('early media and forks', () => {
  it('applies the answer of a 183 as early media, and not again when the 200 carries the same (RFC 6337 §3.1.1)', async () => {
    const { deliver, reply, seen, handler, context } = await calling();
    await deliver(reply(183, 'b1', peerSdp()));
    expect(handler.log).toEqual(['offer sendrecv', 'set early answer sendrecv']);
    expect(context.status).toBe(SessionStatus.STATUS_1XX_RECEIVED);
    await deliver(reply(200, 'b1', peerSdp()));
    expect(handler.log).toEqual(['offer sendrecv', 'set early answer sendrecv']);
    expect(seen).toEqual(['progress 183', 'accepted 200']);
  });

  it('takes the early answer when the 200 of the same fork carries none', async () => {
    const { deliver, reply, seen } = await calling();
    await deliver(reply(183, 'b1', peerSdp()));
    await deliver(reply(200, 'b1'));
    expect(seen).toEqual(['progress 183', 'accepted 200']);
  });

  it('keeps an early dialog per fork; the first 2xx wins, and a later 2xx of another fork is ACKed and ended with a BYE', async () => {
    const { deliver, reply, seen, handler, transport, context } = await calling();
    await deliver(reply(180, 'b1'));
    await deliver(reply(183, 'b2', peerSdp({ address: '192.0.2.5' }), '<sip:bob@192.0.2.5;transport=ws>'));
    await deliver(reply(200, 'b1', peerSdp({ address: '192.0.2.4' })));
    // The 2xx came from the other fork with another answer: the final one, after the early one.
    expect(handler.log).toEqual(['offer sendrecv', 'set early answer sendrecv', 'set answer sendrecv']);
    expect(context.dialog!.id.remoteTag).toBe('b1');
    await deliver(reply(200, 'b2', peerSdp({ address: '192.0.2.5' }), '<sip:bob@192.0.2.5;transport=ws>'));
    expect(methods(transport.requests)).toEqual(['INVITE -', 'ACK b1', 'ACK b2', 'BYE b2']);
    const byeB2 = transport.requests[3]!;
    expect([byeB2.uri.toString(), byeB2.rawHeaders('Route'), byeB2.rawHeader('CSeq')]).toEqual(['sip:bob@192.0.2.5;transport=ws', [EDGE], '2 BYE']);
    expect(seen).toEqual(['progress 180', 'progress 183', 'accepted 200']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('changes nothing for a 180 that arrives after the 200 (reordered by the proxy)', async () => {
    const { deliver, reply, seen, transport, context } = await calling();
    await deliver(reply(200, 'b1', peerSdp()));
    await deliver(reply(180, 'b1'));
    expect(seen).toEqual(['accepted 200']);
    expect(methods(transport.requests)).toEqual(['INVITE -', 'ACK b1']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });
});

describe('answers that cannot be used', () => {
  it('ACKs a 2xx whose answer matches no codec, ends the call with a BYE, fails with INCOMPATIBLE_SDP', async () => {
    const { deliver, reply, seen, transport, handler } = await calling();
    await deliver(reply(200, 'b1', peerSdp({ codecs: '18' })));
    expect(methods(transport.requests)).toEqual(['INVITE -', 'ACK b1', 'BYE b1']);
    expect(transport.requests[2]!.rawHeaders('Route')).toEqual([EDGE]);
    expect(seen).toEqual(['failed 200 Incompatible SDP', 'terminated 200 Incompatible SDP']);
    expect(handler.closed).toBe(true);
  });

  it('ends with BAD_MEDIA_DESCRIPTION a 2xx without an answer', async () => {
    const { deliver, reply, seen, transport } = await calling();
    await deliver(reply(200, 'b1'));
    expect(methods(transport.requests)).toEqual(['INVITE -', 'ACK b1', 'BYE b1']);
    expect(seen).toEqual(['failed 200 Bad Media Description', 'terminated 200 Bad Media Description']);
  });

  it('fails before sending anything when the media handler cannot make the offer: WEBRTC_ERROR, or USER_DENIED_MEDIA_ACCESS', async () => {
    const broken = await calling({ fake: { failGetDescription: new Error('no sound card') } });
    expect(broken.transport.sent).toHaveLength(0);
    expect(broken.seen).toEqual(['failed none WebRTC Error', 'terminated none WebRTC Error']);
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const refused = await calling({ fake: { failGetDescription: denied } });
    expect(refused.seen).toEqual(['failed none User Denied Media Access', 'terminated none User Denied Media Access']);
  });
});

describe('an INVITE without an offer (legacy inviteWithoutSdp, RFC 3261 §13.2.1)', () => {
  it('sends no body; answers the offer of the 2xx in the ACK, the same ACK for each retransmission', async () => {
    const { deliver, reply, seen, transport, handler, invite } = await calling({ call: { inviteWithoutSdp: true } });
    expect(invite.body.length).toBe(0);
    expect(invite.hasHeader('Content-Type')).toBe(false);
    const ok = reply(200, 'b1', peerSdp());
    await deliver(ok);
    const ack = transport.requests[1]!;
    expect([ack.method, ack.rawHeader('Content-Type'), ack.bodyText]).toEqual(['ACK', 'application/sdp', fakeSdp({ sessionId: 1000, version: 1 })]);
    expect(handler.log).toEqual(['set offer sendrecv', 'answer sendrecv']);
    await deliver(ok);
    expect(transport.requests.map((r) => r.toString())).toEqual([invite.toString(), ack.toString(), ack.toString()]);
    expect(seen).toEqual(['accepted 200']);
  });

  it('ACKs, then ends with a BYE, a 2xx whose offer cannot be used (§13.2.2.4)', async () => {
    const { deliver, reply, seen, transport } = await calling({ call: { inviteWithoutSdp: true } });
    await deliver(reply(200, 'b1', peerSdp({ codecs: '18' })));
    expect(methods(transport.requests)).toEqual(['INVITE -', 'ACK b1', 'BYE b1']);
    expect(transport.requests[1]!.body.length).toBe(0);
    expect(seen).toEqual(['failed 200 Incompatible SDP', 'terminated 200 Incompatible SDP']);
  });
});

describe('who calls', () => {
  it('anonymous: From "Anonymous" <sip:anonymous@anonymous.invalid>, Privacy: id, the real address in P-Preferred-Identity (RFC 3323, RFC 3325)', async () => {
    const w = callWire();
    const context = new InviteClientContext(w.env, 'sip:bob@example.com', { anonymous: true });
    context.invite();
    await settle();
    const invite = w.transport.last.message as SipRequest;
    expect(invite.rawHeader('From')).toBe('"Anonymous" <sip:anonymous@anonymous.invalid>;tag=tag-1');
    expect(invite.rawHeader('Privacy')).toBe('id');
    expect(invite.rawHeader('P-Preferred-Identity')).toBe('"Alice" <sip:alice@example.com>');
  });

  it('params: From and To display names and URIs other than the UA\'s and the target', async () => {
    const { invite } = await calling({ call: { params: { from_displayName: 'Front desk', to_displayName: 'Bob B.', to_uri: 'sip:bob@example.org' } } });
    expect(invite.uri.toString()).toBe('sip:bob@example.com');
    expect(invite.rawHeader('To')).toBe('"Bob B." <sip:bob@example.org>');
    expect(invite.rawHeader('From')).toBe('"Front desk" <sip:alice@example.com>;tag=tag-1');
  });

  it('hands the call\'s media options to the media handler factory', async () => {
    const { handler } = await calling({ call: { media: { constraints: { audio: true, video: true }, render: { remote: 'element' } }, RTCConstraints: { optional: [] } } });
    expect(handler.options.constraints).toEqual({ audio: true, video: true });
    expect(handler.options.extra).toEqual({ render: { remote: 'element' }, RTCConstraints: { optional: [] } });
  });
});
