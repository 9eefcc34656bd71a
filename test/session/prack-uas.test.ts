import { describe, expect, it } from 'vitest';
import type { InviteServerContext, SipResponse } from '../../src/index.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { FIRST_RSEQ, fromBob, prackUa, settle } from './support/prack-ua.js';

// The callee's side of RFC 3262 (§3, §5): reliable provisional responses with RSeq, retransmitted at T1
// doubling until the PRACK, a 504 when none comes within 64·T1, no 2xx before the PRACK of a 1xx with SDP,
// 481 for a PRACK that acknowledges nothing, 420 / 421 for a caller that does not match our rel100.

async function called(rel100: 'none' | 'supported' | 'required', invite: { extra?: string[]; body?: string } = {}) {
  const w = prackUa(rel100);
  await settle();
  const calls: InviteServerContext[] = [];
  const seen: string[] = [];
  w.ua.on('invite', (context) => {
    calls.push(context);
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  });
  await w.deliver(fromBob('INVITE', { extra: invite.extra ?? ['Supported: 100rel'], body: invite.body ?? peerSdp() }));
  const reliable = (status: number): SipResponse[] => w.responses().filter((r) => r.status === status && r.cseq.method === 'INVITE');
  return { ...w, call: calls[0], seen, reliable };
}

const prack = (tag: string, rack: string, cseq = 2, body?: string) =>
  fromBob('PRACK', { toTag: tag, cseq, extra: [`RAck: ${rack}`], ...(body === undefined ? {} : { body }) });

describe('a reliable 183 (RFC 3262 §3)', () => {
  it('carries Require: 100rel, the first RSeq, our Contact and our answer; goes again at T1, 3·T1, 7·T1 until the PRACK, which gets 200', async () => {
    const { call, reliable, deliver, advance, responses, seen, media, ua } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    const [first] = reliable(183);
    expect(first!.rawHeader('Require')).toBe('100rel');
    expect(first!.rawHeader('RSeq')).toBe(String(FIRST_RSEQ));
    expect(first!.rawHeader('Contact')).toBe(`<${String(ua.contact)}>`);
    expect(first!.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 1 }));
    expect(media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv']);
    await advance(499);
    expect(reliable(183)).toHaveLength(1);
    await advance(1);
    await advance(1000);
    await advance(2000);
    // Sent at 0, T1, 3·T1 and 7·T1: the same bytes each time.
    expect(reliable(183).map((r) => r.toString())).toEqual(Array(4).fill(first!.toString()));
    await deliver(prack(first!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    const ok = responses().at(-1)!;
    expect([ok.status, ok.cseq.method, ok.rawHeader('CSeq')]).toEqual([200, 'PRACK', '2 PRACK']);
    await advance(20_000);
    expect(reliable(183)).toHaveLength(4);
    expect(seen).toEqual(['progress 183']);
  });

  it('holds the 200 accepted meanwhile until the PRACK; the 200 repeats the answer of the 183', async () => {
    const { call, reliable, deliver, responses, seen, media } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    call!.accept();
    await settle();
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE']);
    const [first] = reliable(183);
    await deliver(prack(first!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE', '200 PRACK', '200 INVITE']);
    expect(responses().at(-1)!.bodyText).toBe(first!.bodyText);
    expect(media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv']);
    expect(seen).toEqual(['progress 183', 'accepted 200']);
  });

  it('answers 481 to a PRACK whose RAck names another RSeq, CSeq or method, and keeps retransmitting', async () => {
    const { call, reliable, deliver, responses, advance } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    const tag = reliable(183)[0]!.to.tag!;
    await deliver(prack(tag, `${FIRST_RSEQ + 1} 1 INVITE`, 2));
    await deliver(prack(tag, `${FIRST_RSEQ} 7 INVITE`, 3));
    await deliver(prack(tag, `${FIRST_RSEQ} 1 BYE`, 4));
    expect(responses().slice(1).map((r) => `${r.status} ${r.rawHeader('CSeq')}`)).toEqual(['481 2 PRACK', '481 3 PRACK', '481 4 PRACK']);
    await advance(500);
    expect(reliable(183)).toHaveLength(2);
    await deliver(prack(tag, `${FIRST_RSEQ} 1 INVITE`, 5));
    expect(responses().at(-1)!.rawHeader('CSeq')).toBe('5 PRACK');
    expect(responses().at(-1)!.status).toBe(200);
    // A second PRACK for it acknowledges nothing pending.
    await deliver(prack(tag, `${FIRST_RSEQ} 1 INVITE`, 6));
    expect(responses().at(-1)!.status).toBe(481);
  });

  it('gives up after 64·T1 without a PRACK: 504, failed NO_PRACK; later PRACKs get 481', async () => {
    const { call, reliable, deliver, responses, advance, seen } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    await advance(31_900);
    expect(responses().map((r) => r.status)).not.toContain(504);
    await advance(100);
    expect(responses().at(-1)!.status).toBe(504);
    // 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s.
    expect(reliable(183)).toHaveLength(7);
    expect(seen).toEqual(['progress 183', 'failed 504 No PRACK']);
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    expect(responses().at(-1)!.status).toBe(481);
  });

  it('sends a second reliable 1xx only after the PRACK of the first, with the next RSeq and no body', async () => {
    const { call, reliable, deliver, seen } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    call!.progress({ statusCode: 180, rel100: true });
    await settle();
    expect(reliable(180)).toHaveLength(0);
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    const ringing = reliable(180)[0]!;
    expect([ringing.rawHeader('RSeq'), ringing.rawHeader('Require'), ringing.body.length]).toEqual([String(FIRST_RSEQ + 1), '100rel', 0]);
    expect(seen).toEqual(['progress 183', 'progress 180']);
  });

  it('answers an offer in a PRACK in its 200 (RFC 3262 §5)', async () => {
    const { call, reliable, deliver, responses, media } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`, 2, peerSdp({ direction: 'sendonly', version: 2 })));
    const ok = responses().at(-1)!;
    expect([ok.status, ok.cseq.method, ok.bodyText]).toEqual([200, 'PRACK', fakeSdp({ sessionId: 1000, version: 2, direction: 'recvonly' })]);
    expect(media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv', 'set offer sendonly', 'answer recvonly']);
  });

  it('offers in the reliable 183 of an INVITE without an offer; the PRACK brings the answer, the 2xx then goes', async () => {
    const { call, reliable, deliver, responses, media, seen } = await called('supported', { body: '' });
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    call!.accept();
    await settle();
    expect(reliable(183)[0]!.bodyText).toBe(fakeSdp({ sessionId: 1000, version: 1 }));
    expect(responses()).toHaveLength(1);
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`, 2, peerSdp()));
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE', '200 PRACK', '200 INVITE']);
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    expect(seen).toEqual(['progress 183', 'accepted 200']);
  });
});

describe('whether a 1xx goes reliably', () => {
  it('always when the INVITE requires 100rel, with no option asked', async () => {
    const { call, reliable } = await called('supported', { extra: ['Require: 100rel'] });
    call!.progress({ statusCode: 180 });
    await settle();
    expect(reliable(180)[0]!.rawHeader('RSeq')).toBe(String(FIRST_RSEQ));
  });

  it('not when the INVITE only supports it and neither the call nor the UA asks; never for rel100 none', async () => {
    const supported = await called('supported');
    supported.call!.progress({ statusCode: 180 });
    const none = await called('none');
    none.call!.progress({ statusCode: 180, rel100: true });
    for (const w of [supported, none]) {
      expect(w.reliable(180)[0]!.hasHeader('RSeq')).toBe(false);
      expect(w.reliable(180)[0]!.hasHeader('Require')).toBe(false);
    }
  });

  it('always when the UA requires it and the INVITE supports it', async () => {
    const { call, reliable } = await called('required');
    call!.progress({ statusCode: 180 });
    await settle();
    expect(reliable(180)[0]!.rawHeader('Require')).toBe('100rel');
  });
});

describe('callers that do not match our rel100', () => {
  it('rel100 none: Require: 100rel gets 420 with Unsupported: 100rel (RFC 3261 §8.2.2.3)', async () => {
    const { responses, call } = await called('none', { extra: ['Require: 100rel'] });
    const refused = responses().at(-1)!;
    expect([refused.status, refused.rawHeader('Unsupported')]).toEqual([420, '100rel']);
    expect(call).toBeUndefined();
  });

  it('rel100 required: an INVITE that does not support 100rel gets 421 with Require: 100rel', async () => {
    const { responses, call } = await called('required', { extra: [] });
    const refused = responses().at(-1)!;
    expect([refused.status, refused.rawHeader('Require')]).toEqual([421, '100rel']);
    expect(call).toBeUndefined();
  });

  it('a PRACK in no dialog gets 481; without rel100 PRACK is not served (405)', async () => {
    const stray = prack('nobody', '1 1 INVITE');
    const supported = await called('supported');
    await supported.deliver(stray);
    expect(supported.responses().at(-1)!.status).toBe(481);
    const none = await called('none');
    await none.deliver(stray);
    expect(none.responses().at(-1)!.status).toBe(405);
  });
});

describe('progress then accept at once (legacy applications do)', () => {
  it('the reliable 183 goes first, the 200 after its PRACK', async () => {
    const { call, reliable, deliver, responses } = await called('supported', { extra: ['Require: 100rel'] });
    call!.progress({ statusCode: 183 });
    call!.accept();
    await settle();
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE']);
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE', '200 PRACK', '200 INVITE']);
    expect(responses().at(-1)!.bodyText).toBe(reliable(183)[0]!.bodyText);
  });
});

describe('the end of the INVITE ends its reliable 1xx', () => {
  it('a reject while a reliable 183 waits for its PRACK stops its retransmissions; a late PRACK gets 481', async () => {
    const { call, reliable, deliver, responses, advance, clock } = await called('supported');
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    call!.reject({ statusCode: 486 });
    await settle();
    await advance(40_000);
    expect(reliable(183)).toHaveLength(1);
    // Nothing of the call is left on the clock (no retransmission, no 64·T1 timer).
    expect(clock.pending).toBe(0);
    await deliver(prack(reliable(183)[0]!.to.tag!, `${FIRST_RSEQ} 1 INVITE`));
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE', '486 INVITE', '481 PRACK']);
  });

  it('rel100 required: an INVITE that requires 100rel is taken (no 420)', async () => {
    const { call, reliable } = await called('required', { extra: ['Require: 100rel'] });
    call!.progress({ statusCode: 180 });
    await settle();
    expect(reliable(180)[0]!.rawHeader('Require')).toBe('100rel');
  });
});

describe('a BYE in the early dialog of a reliable 1xx (RFC 3261 §15, §15.1.2)', () => {
  it('gets 200, and the INVITE 487; bye, failed CANCELED; nothing is retransmitted after', async () => {
    const { call, reliable, deliver, responses, advance, seen } = await called('supported');
    call!.on('bye', (r) => seen.push(`bye ${r.method}`));
    call!.progress({ statusCode: 183, rel100: true });
    await settle();
    await deliver(fromBob('BYE', { toTag: reliable(183)[0]!.to.tag!, cseq: 2 }));
    expect(responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['183 INVITE', '200 BYE', '487 INVITE']);
    expect(seen).toEqual(['progress 183', 'bye BYE', 'failed 487 Canceled']);
    await advance(5000);
    expect(reliable(183)).toHaveLength(1);
  });
});
