import { describe, expect, it } from 'vitest';
import { peerSdp } from '../support/fake-media-handler.js';
import type { InviteServerContext, SipRequest, SipResponse } from '../../src/index.js';
import type { ScriptedTransport } from '../support/scripted-transport.js';
import { settle, startedUa } from './support/started-ua.js';
import { answer } from './support/context-wire.js';

// Transfers on the wire (RFC 3515 REFER and its implicit subscription, RFC 5589, RFC 3891 Replaces,
// RFC 3892 Referred-By), with alice's UA on a scripted WebSocket connection and a FakeClock.

interface Peer {
  user: string;
  tag: string;
  callId: string;
}

const BOB: Peer = { user: 'bob', tag: 'b1', callId: 'call-b@host.test' };
const CAROL: Peer = { user: 'carol', tag: 'c1', callId: 'call-c@host.test' };

/** A request of `peer` to alice, relayed by the proxy at 127.0.0.1:8080. */
function fromPeer(
  peer: Peer,
  method: string,
  options: { toTag?: string; cseq?: number; branch: string; body?: string; extra?: string[]; contentType?: string; callId?: string },
): string {
  const body = options.body ?? (method === 'INVITE' ? peerSdp() : '');
  const type = options.contentType ?? (method === 'INVITE' ? 'application/sdp' : undefined);
  return (
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch}\r\n` +
    'Max-Forwards: 69\r\n' +
    `From: <sip:${peer.user}@example.test>;tag=${peer.tag}\r\n` +
    `To: <sip:alice@example.test>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    `Call-ID: ${options.callId ?? peer.callId}\r\n` +
    `CSeq: ${options.cseq ?? 1} ${method}\r\n` +
    `Contact: <sip:${peer.user}@127.0.0.1:8080;transport=ws>\r\n` +
    (options.extra ?? []).map((line) => `${line}\r\n`).join('') +
    (type === undefined ? '' : `Content-Type: ${type}\r\n`) +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

let branches = 0;
const branch = (): string => `z9hG4bKt${++branches}`;

/** alice's UA, with `peers` calling her; each call accepted and ACKed. */
async function aliceInCalls(config: Record<string, unknown>, ...peers: Peer[]) {
  const started = startedUa(config);
  const { ua, transport } = started;
  ua.start();
  await settle();
  const calls: InviteServerContext[] = [];
  ua.on('invite', (context) => {
    calls.push(context);
    context.accept();
  });
  const tags: string[] = [];
  for (const peer of peers) {
    transport.deliver(fromPeer(peer, 'INVITE', { branch: branch() }));
    await settle();
    const ok = transport.last.message as SipResponse;
    expect(ok.status).toBe(200);
    tags.push(ok.to.tag!);
    transport.deliver(fromPeer(peer, 'ACK', { toTag: ok.to.tag!, branch: branch() }));
    await settle();
  }
  return { ...started, calls, tags };
}

const sentRequests = (transport: ScriptedTransport, method: string): SipRequest[] => transport.requests.filter((r) => r.method === method);
const responsesTo = (transport: ScriptedTransport, method: string): number[] =>
  transport.sent.flatMap((s) => ('status' in s.message && s.message.cseq.method === method ? [s.message.status] : []));

describe('incoming REFER (RFC 3515 §2.4.2)', () => {
  it('is declined 603 when nobody listens for refer (legacy), and sends no NOTIFY', async () => {
    const { transport, tags } = await aliceInCalls({}, BOB);
    transport.deliver(fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Refer-To: <sip:carol@example.test>'] }));
    await settle();
    expect(responsesTo(transport, 'REFER')).toEqual([603]);
    expect(sentRequests(transport, 'NOTIFY')).toEqual([]);
  });

  it('gets 400 without exactly one Refer-To', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    calls[0]!.on('refer', () => undefined);
    transport.deliver(fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch() }));
    await settle();
    expect(responsesTo(transport, 'REFER')).toEqual([400]);
  });

  it('answers 202 and NOTIFY 100 Trying; followRefer calls the target with Referred-By and reports 180 and 200 in sipfrag NOTIFYs, the last terminated;reason=noresource', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    const referred: string[] = [];
    calls[0]!.on(
      'refer',
      calls[0]!.followRefer((request, call) => referred.push(`${request.method} -> ${call.target}`)),
    );
    transport.deliver(
      fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Refer-To: "Carol" <sip:carol@example.test>', 'Referred-By: <sip:bob@example.test>'] }),
    );
    await settle();
    expect(responsesTo(transport, 'REFER')).toEqual([202]);
    const [trying] = sentRequests(transport, 'NOTIFY');
    expect(trying!.rawHeader('Event')).toBe('refer;id=2');
    expect(trying!.rawHeader('Subscription-State')).toBe('active;expires=180');
    expect(trying!.rawHeader('Content-Type')).toBe('message/sipfrag;version=2.0');
    expect(trying!.bodyText).toBe('SIP/2.0 100 Trying\r\n');
    expect(trying!.callId).toBe(BOB.callId);
    expect(trying!.rawHeader('Contact')).toMatch(/^<sip:.+;transport=ws>$/);
    expect(referred).toEqual(['REFER -> sip:carol@example.test']);

    const invite = sentRequests(transport, 'INVITE').at(-1)!;
    expect(invite.uri.toString()).toBe('sip:carol@example.test');
    expect(invite.rawHeader('To')).toBe('"Carol" <sip:carol@example.test>');
    expect(invite.rawHeader('Referred-By')).toBe('<sip:bob@example.test>');
    expect(invite.hasHeader('Replaces')).toBe(false);
    transport.deliver(answer(invite, 180, { toTag: 'k1', reason: 'Ringing', headers: ['Contact: <sip:carol@127.0.0.1:8080;transport=ws>'] }));
    await settle();
    transport.deliver(answer(invite, 200, { toTag: 'k1', reason: 'OK', headers: ['Contact: <sip:carol@127.0.0.1:8080;transport=ws>'], body: peerSdp() }));
    await settle();
    const notifies = sentRequests(transport, 'NOTIFY');
    expect(notifies.map((n) => [n.bodyText, n.rawHeader('Subscription-State'), n.cseq.seq])).toEqual([
      ['SIP/2.0 100 Trying\r\n', 'active;expires=180', notifies[0]!.cseq.seq],
      ['SIP/2.0 180 Ringing\r\n', 'active;expires=180', notifies[0]!.cseq.seq + 1],
      ['SIP/2.0 200 OK\r\n', 'terminated;reason=noresource', notifies[0]!.cseq.seq + 2],
    ]);
    expect(sentRequests(transport, 'ACK').at(-1)!.callId).toBe(invite.callId);
  });

  it('reports a rejected target call with its status, ending the subscription', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    calls[0]!.on('refer', calls[0]!.followRefer());
    transport.deliver(fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Refer-To: <sip:carol@example.test>'] }));
    await settle();
    const invite = sentRequests(transport, 'INVITE').at(-1)!;
    transport.deliver(answer(invite, 486, { toTag: 'k1', reason: 'Busy Here' }));
    await settle();
    const last = sentRequests(transport, 'NOTIFY').at(-1)!;
    expect(last.bodyText).toBe('SIP/2.0 486 Busy Here\r\n');
    expect(last.rawHeader('Subscription-State')).toBe('terminated;reason=noresource');
  });

  it('copies the Replaces of the Refer-To, unescaped, into the new INVITE with Require: replaces (RFC 3891 §3)', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    calls[0]!.on('refer', (_request, refer) => refer?.followRefer());
    transport.deliver(
      fromPeer(BOB, 'REFER', {
        toTag: tags[0],
        cseq: 2,
        branch: branch(),
        extra: ['Refer-To: <sip:carol@example.test?Replaces=xyz%40host.test%3Bto-tag%3Dc9%3Bfrom-tag%3Db7>'],
      }),
    );
    await settle();
    const invite = sentRequests(transport, 'INVITE').at(-1)!;
    expect(invite.uri.toString()).toBe('sip:carol@example.test');
    expect(invite.rawHeader('Replaces')).toBe('xyz@host.test;to-tag=c9;from-tag=b7');
    expect(invite.rawHeaders('Require')).toContain('replaces');
  });

  it('refuses a Refer-To whose Replaces would smuggle a header line (400, nothing called)', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    calls[0]!.on('refer', (_request, refer) => refer?.followRefer());
    const invites = sentRequests(transport, 'INVITE').length;
    transport.deliver(
      fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Refer-To: <sip:carol@example.test?Replaces=x%3Bto-tag%3D1%3Bfrom-tag%3D2%0D%0AEvil%3A%201>'] }),
    );
    await settle();
    expect(responsesTo(transport, 'REFER')).toEqual([400]);
    expect(sentRequests(transport, 'INVITE').length).toBe(invites);
  });

  it('followRefer of a REFER for another method than INVITE throws, and the referrer hears 501 (terminated)', async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    const errors: unknown[] = [];
    calls[0]!.on('refer', (_request, refer) => {
      try {
        refer?.followRefer();
      } catch (error) {
        errors.push(error);
      }
    });
    transport.deliver(fromPeer(BOB, 'REFER', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Refer-To: <sip:carol@example.test;method=SUBSCRIBE>'] }));
    await settle();
    expect(errors).toHaveLength(1);
    const last = sentRequests(transport, 'NOTIFY').at(-1)!;
    expect([last.bodyText, last.rawHeader('Subscription-State')]).toEqual(['SIP/2.0 501 Not Implemented\r\n', 'terminated;reason=noresource']);
    expect(sentRequests(transport, 'INVITE')).toHaveLength(0);
  });

  it('takes no REFER outside a dialog (603)', async () => {
    const { transport } = await aliceInCalls({});
    transport.deliver(fromPeer(BOB, 'REFER', { branch: branch(), extra: ['Refer-To: <sip:carol@example.test>'] }));
    await settle();
    expect(responsesTo(transport, 'REFER')).toEqual([603]);
  });
});

describe('refer() (RFC 3515, RFC 5589)', () => {
  it('blind: a REFER with Refer-To, Referred-By and Contact; 202, then the NOTIFYs answered 200 and reported until terminated', async () => {
    const { transport, calls } = await aliceInCalls({}, BOB);
    const seen: string[] = [];
    const call = calls[0]!;
    call.on('referRequestAccepted', (response) => seen.push(`accepted ${response.status_code}`));
    call.on('notify', (_request, status) => seen.push(`notify ${status?.status}`));
    call.on('referProgress', (status) => seen.push(`progress ${status.status} ${status.reason}`));
    call.on('referAccepted', (status) => seen.push(`referAccepted ${status.status}`));
    call.refer('carol');
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    expect(refer.rawHeader('Refer-To')).toBe('<sip:carol@example.test>');
    expect(refer.rawHeader('Referred-By')).toBe('<sip:alice@example.test>');
    expect(refer.hasHeader('Contact')).toBe(true);
    expect(refer.uri.toString()).toBe('sip:bob@127.0.0.1:8080;transport=ws');
    transport.deliver(answer(refer, 202, { reason: 'Accepted' }));
    const toTag = refer.from.tag!;
    const notify = (cseq: number, state: string, frag: string): string =>
      fromPeer(BOB, 'NOTIFY', {
        toTag,
        cseq,
        branch: branch(),
        extra: [`Event: refer;id=${refer.cseq.seq}`, `Subscription-State: ${state}`],
        contentType: 'message/sipfrag',
        body: frag,
      });
    transport.deliver(notify(2, 'active;expires=60', 'SIP/2.0 100 Trying\r\n'));
    transport.deliver(notify(3, 'terminated;reason=noresource', 'SIP/2.0 200 OK\r\n'));
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([200, 200]);
    expect(seen).toEqual(['accepted 202', 'notify 100', 'progress 100 Trying', 'notify 200', 'referAccepted 200']);
    // The subscription is over: a later NOTIFY matches nothing (RFC 6665 §4.1.3).
    transport.deliver(notify(4, 'active', 'SIP/2.0 100 Trying\r\n'));
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([200, 200, 481]);
  });

  it('reports a REFER rejected, and a failed target call (referRejected)', async () => {
    const { transport, calls } = await aliceInCalls({}, BOB);
    const seen: string[] = [];
    const call = calls[0]!;
    call.on('referRequestRejected', (response) => seen.push(`rejected ${response.status_code}`));
    call.on('referRejected', (status) => seen.push(`referRejected ${status.status}`));
    call.refer('sip:carol@example.test');
    await settle();
    const first = sentRequests(transport, 'REFER')[0]!;
    transport.deliver(answer(first, 603, { reason: 'Declined' }));
    call.refer('sip:carol@example.test');
    await settle();
    const second = sentRequests(transport, 'REFER')[1]!;
    transport.deliver(answer(second, 202, { reason: 'Accepted' }));
    transport.deliver(
      fromPeer(BOB, 'NOTIFY', {
        toTag: second.from.tag!,
        cseq: 2,
        branch: branch(),
        extra: [`Event: refer;id=${second.cseq.seq}`, 'Subscription-State: terminated;reason=noresource'],
        contentType: 'message/sipfrag',
        body: 'SIP/2.0 486 Busy Here\r\n',
      }),
    );
    await settle();
    expect(seen).toEqual(['rejected 603', 'referRejected 486']);
  });

  it('keeps CSeq in step after a challenged REFER (sendInDialog); the NOTIFYs name the retry by its CSeq', async () => {
    const { transport, calls } = await aliceInCalls({ password: 'secret' }, BOB);
    const seen: number[] = [];
    calls[0]!.on('referAccepted', (status) => seen.push(status.status));
    calls[0]!.refer('carol');
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    transport.deliver(answer(refer, 407, { headers: ['Proxy-Authenticate: Digest realm="example.test", nonce="n1", algorithm=MD5, qop="auth"'] }));
    await settle();
    const retry = sentRequests(transport, 'REFER')[1]!;
    expect(retry.cseq.seq).toBe(refer.cseq.seq + 1);
    expect(retry.hasHeader('Proxy-Authorization')).toBe(true);
    transport.deliver(answer(retry, 202, { reason: 'Accepted' }));
    transport.deliver(
      fromPeer(BOB, 'NOTIFY', {
        toTag: refer.from.tag!,
        cseq: 2,
        branch: branch(),
        extra: [`Event: refer;id=${retry.cseq.seq}`, 'Subscription-State: terminated;reason=noresource'],
        contentType: 'message/sipfrag',
        body: 'SIP/2.0 200 OK\r\n',
      }),
    );
    await settle();
    expect(seen).toEqual([200]);
    calls[0]!.bye();
    expect(sentRequests(transport, 'BYE')[0]!.cseq.seq).toBe(retry.cseq.seq + 1);
  });

  it('attended: the Refer-To names the other call with an escaped Replaces (Call-ID, its peer\'s tag as to-tag, ours as from-tag)', async () => {
    const { transport, calls, tags } = await aliceInCalls({}, BOB, CAROL);
    calls[0]!.refer(calls[1]!);
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    expect(refer.callId).toBe(BOB.callId);
    expect(refer.rawHeader('Refer-To')).toBe(`<sip:carol@example.test?Replaces=call-c%40host.test%3Bto-tag%3Dc1%3Bfrom-tag%3D${tags[1]}>`);
    calls[0]!.refer(calls[1]!, { useContact: true });
    await settle();
    expect(sentRequests(transport, 'REFER')[1]!.rawHeader('Refer-To')).toBe(
      `<sip:carol@127.0.0.1:8080;transport=ws?Replaces=call-c%40host.test%3Bto-tag%3Dc1%3Bfrom-tag%3D${tags[1]}>`,
    );
  });

  it('ends the subscription when no NOTIFY follows the 202 within 64·T1 (RFC 6665 §4.1.2.4); a NOTIFY after it gets 481', async () => {
    const { transport, calls, clock } = await aliceInCalls({}, BOB);
    const seen: string[] = [];
    calls[0]!.on('notify', () => seen.push('notify'));
    calls[0]!.refer('carol');
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    transport.deliver(answer(refer, 202, { reason: 'Accepted' }));
    await settle();
    clock.advance(31_999);
    const notify = (cseq: number): string =>
      fromPeer(BOB, 'NOTIFY', {
        toTag: refer.from.tag!,
        cseq,
        branch: branch(),
        extra: [`Event: refer;id=${refer.cseq.seq}`, 'Subscription-State: active;expires=60'],
        contentType: 'message/sipfrag',
        body: 'SIP/2.0 100 Trying\r\n',
      });
    transport.deliver(notify(2));
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([200]);
    // Each NOTIFY grants 60 s: one just within them renews the subscription; 60 s without one end it.
    clock.advance(59_999);
    transport.deliver(notify(3));
    await settle();
    clock.advance(60_000);
    transport.deliver(notify(4));
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([200, 200, 481]);
    expect(seen).toEqual(['notify', 'notify']);
  });

  it('without any NOTIFY, the subscription ends 64·T1 after the 202 (Timer N)', async () => {
    const { transport, calls, clock } = await aliceInCalls({}, BOB);
    calls[0]!.refer('carol');
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    transport.deliver(answer(refer, 202, { reason: 'Accepted' }));
    await settle();
    clock.advance(32_000);
    transport.deliver(
      fromPeer(BOB, 'NOTIFY', {
        toTag: refer.from.tag!,
        cseq: 2,
        branch: branch(),
        extra: [`Event: refer;id=${refer.cseq.seq}`, 'Subscription-State: terminated'],
        contentType: 'message/sipfrag',
        body: 'SIP/2.0 200 OK\r\n',
      }),
    );
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([481]);
  });

  it('answers a NOTIFY of another event package in the call 489, one without Subscription-State 400', async () => {
    const { transport, calls, tags } = await aliceInCalls({}, BOB);
    calls[0]!.refer('carol');
    await settle();
    const refer = sentRequests(transport, 'REFER')[0]!;
    transport.deliver(answer(refer, 202, { reason: 'Accepted' }));
    transport.deliver(fromPeer(BOB, 'NOTIFY', { toTag: tags[0], cseq: 2, branch: branch(), extra: ['Event: presence', 'Subscription-State: active'] }));
    transport.deliver(fromPeer(BOB, 'NOTIFY', { toTag: tags[0], cseq: 3, branch: branch(), extra: ['Event: refer'] }));
    await settle();
    expect(responsesTo(transport, 'NOTIFY')).toEqual([489, 400]);
  });

  it('throws before the call is confirmed and for a target that is no URI', async () => {
    const { calls } = await aliceInCalls({}, BOB);
    expect(() => calls[0]!.refer('sip:bad target@x')).toThrow(TypeError);
    calls[0]!.bye();
    expect(() => calls[0]!.refer('carol')).toThrow(/STATUS|state/i);
  });
});

describe('INVITE with Replaces (RFC 3891 §3, legacy verdicts)', () => {
  const replacing = (replaces: string, extra: string[] = []): string =>
    fromPeer({ user: 'dave', tag: 'd1', callId: 'call-d' }, 'INVITE', { branch: branch(), extra: [`Replaces: ${replaces}`, ...extra] });

  it('481 when no dialog matches', async () => {
    const { transport } = await aliceInCalls({ replaces: 'supported' }, BOB);
    transport.deliver(replacing('nothing@here;to-tag=x;from-tag=y'));
    await settle();
    expect(responsesTo(transport, 'INVITE').at(-1)).toBe(481);
  });

  it('603 when the dialog matched has ended', async () => {
    const { transport, tags, calls } = await aliceInCalls({ replaces: 'supported' }, BOB);
    calls[0]!.bye();
    await settle();
    transport.deliver(replacing(`${BOB.callId};to-tag=${tags[0]};from-tag=${BOB.tag}`));
    await settle();
    expect(responsesTo(transport, 'INVITE').at(-1)).toBe(603);
  });

  it('486 for early-only against a confirmed dialog', async () => {
    const { transport, tags } = await aliceInCalls({ replaces: 'supported' }, BOB);
    transport.deliver(replacing(`${BOB.callId};to-tag=${tags[0]};from-tag=${BOB.tag};early-only`));
    await settle();
    expect(responsesTo(transport, 'INVITE').at(-1)).toBe(486);
  });

  it('replaces a confirmed call: the new call is offered with its replacee; once accepted the old one emits replaced and gets a BYE', async () => {
    const { transport, tags, calls } = await aliceInCalls({ replaces: 'supported' }, BOB);
    const seen: string[] = [];
    calls[0]!.on('replaced', (next) => seen.push(`replaced by ${next.id === calls[1]?.id}`));
    calls[0]!.on('terminated', () => seen.push('terminated'));
    transport.deliver(replacing(`${BOB.callId};to-tag=${tags[0]};from-tag=${BOB.tag}`, ['Require: replaces']));
    await settle();
    expect(calls[1]!.replacee).toBe(calls[0]);
    expect(responsesTo(transport, 'INVITE').at(-1)).toBe(200);
    expect(seen).toEqual(['replaced by true', 'terminated']);
    const bye = sentRequests(transport, 'BYE')[0]!;
    expect(bye.callId).toBe(BOB.callId);
  });

  it('replaces a call of ours still ringing: replaced, and the CANCEL goes (RFC 3891 §3)', async () => {
    const { ua, transport, calls } = await aliceInCalls({ replaces: 'supported' });
    const ringing = ua.invite('dave');
    const seen: string[] = [];
    ringing.on('replaced', () => seen.push('replaced'));
    ringing.on('cancel', () => seen.push('cancel'));
    await settle();
    const invite = sentRequests(transport, 'INVITE')[0]!;
    transport.deliver(answer(invite, 180, { toTag: 'd9', reason: 'Ringing', headers: ['Contact: <sip:dave@127.0.0.1:8080;transport=ws>'] }));
    await settle();
    transport.deliver(replacing(`${invite.callId};to-tag=${invite.from.tag};from-tag=d9`));
    await settle();
    expect(calls[0]!.replacee).toBe(ringing);
    expect(seen).toEqual(['replaced', 'cancel']);
    const [cancel] = sentRequests(transport, 'CANCEL');
    expect(cancel!.callId).toBe(invite.callId);
  });

  it("with replaces 'none' the header is ignored: a new call, the old one untouched", async () => {
    const { transport, tags, calls } = await aliceInCalls({}, BOB);
    transport.deliver(replacing(`${BOB.callId};to-tag=${tags[0]};from-tag=${BOB.tag}`));
    await settle();
    expect(calls.length).toBe(2);
    expect(calls[1]!.replacee).toBeUndefined();
    expect(sentRequests(transport, 'BYE')).toEqual([]);
    // Require: replaces to a UA that does not do it: 420 (RFC 3261 §8.2.2.3).
    transport.deliver(replacing(`${BOB.callId};to-tag=${tags[0]};from-tag=${BOB.tag}`, ['Require: replaces']));
    await settle();
    expect(responsesTo(transport, 'INVITE').at(-1)).toBe(420);
  });

  it("lists replaces in Supported when 'supported'; when 'required' accepts Require: replaces and puts it in its INVITEs", async () => {
    const supported = await aliceInCalls({ replaces: 'supported' });
    supported.ua.invite('bob');
    await settle();
    expect(sentRequests(supported.transport, 'INVITE')[0]!.rawHeader('Supported')).toMatch(/\breplaces\b/);
    const required = await aliceInCalls({ replaces: 'required' }, BOB);
    required.transport.deliver(replacing(`${BOB.callId};to-tag=${required.tags[0]};from-tag=${BOB.tag}`, ['Require: replaces']));
    await settle();
    expect(responsesTo(required.transport, 'INVITE').at(-1)).toBe(200);
    // Legacy: 'required' puts Require: replaces in every INVITE of the UA.
    required.ua.invite('carol');
    await settle();
    expect(sentRequests(required.transport, 'INVITE').at(-1)!.rawHeaders('Require')).toEqual(['replaces']);
    expect(sentRequests(supported.transport, 'INVITE')[0]!.hasHeader('Require')).toBe(false);
  });
});
