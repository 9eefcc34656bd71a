import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../../src/index.js';
import { fakeSdp, peerSdp } from '../support/fake-media-handler.js';
import { BOB_CONTACT, PROXY, prackUa, settle, toAlice } from './support/prack-ua.js';

// The caller's side of RFC 3262 (§4, §5): one PRACK per reliable 1xx taken in RSeq order, with the exact
// RAck, in the early dialog (route set of the 1xx, remote target its Contact); a retransmitted or
// out-of-order one gets no PRACK and no second `progress`; the answer of a reliable 1xx is final.

async function calling(rel100: 'none' | 'supported' | 'required', options: { inviteWithoutSdp?: boolean } = {}) {
  const w = prackUa(rel100);
  await settle();
  const call = w.ua.invite('bob@example.test', options);
  const seen: string[] = [];
  call.on('progress', (r) => seen.push(`progress ${r.status}`));
  call.on('accepted', (r) => seen.push(`accepted ${r.status}`));
  await settle();
  const invite = w.requests()[0]!;
  const reliable = (status: number, rseq: number, body?: string) =>
    toAlice(invite, status, { toTag: 'bob1', headers: ['Require: 100rel', `RSeq: ${rseq}`], ...(body === undefined ? {} : { body }) });
  const pracks = (): SipRequest[] => w.requests().filter((r) => r.method === 'PRACK');
  return { ...w, call, seen, invite, reliable, pracks };
}

describe('the INVITE says what we do (RFC 3262 §4)', () => {
  it('supported: Supported lists 100rel; required: Require: 100rel; none: neither', async () => {
    const supported = await calling('supported');
    expect(supported.invite.rawHeader('Supported')).toMatch(/\b100rel\b/);
    expect(supported.invite.hasHeader('Require')).toBe(false);
    const required = await calling('required');
    expect(required.invite.rawHeader('Require')).toBe('100rel');
    const none = await calling('none');
    expect(none.invite.rawHeader('Supported') ?? '').not.toMatch(/100rel/);
    expect(none.invite.hasHeader('Require')).toBe(false);
  });
});

describe('PRACK as UAC', () => {
  it('PRACKs two reliable 1xx in order, in the early dialog with the exact RAck; ignores a retransmitted one and a gap', async () => {
    const { deliver, reliable, pracks, seen, media, invite, requests } = await calling('supported');
    await deliver(reliable(183, 7, peerSdp()));
    const [first] = pracks();
    expect(first!.rawHeader('RAck')).toBe('7 1 INVITE');
    expect(first!.rawHeader('CSeq')).toBe('2 PRACK');
    expect(first!.uri.toString()).toBe('sip:bob@192.0.2.9;transport=ws');
    expect(first!.rawHeaders('Route')).toEqual([PROXY]);
    expect([first!.callId, first!.from.tag, first!.to.tag]).toEqual([invite.callId, invite.from.tag, 'bob1']);
    expect(first!.body.length).toBe(0);
    // RFC 3262 §5: the answer of a reliable 1xx is final, not an early preview.
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    await deliver(reliable(183, 7, peerSdp()));
    await deliver(reliable(180, 9));
    expect(pracks()).toHaveLength(1);
    await deliver(reliable(180, 8));
    expect(pracks().map((p) => `${p.rawHeader('RAck')} / ${p.rawHeader('CSeq')}`)).toEqual(['7 1 INVITE / 2 PRACK', '8 1 INVITE / 3 PRACK']);
    // The gap's 1xx, sent again now that it is next, is taken.
    await deliver(reliable(180, 9));
    expect(pracks().map((p) => p.rawHeader('RAck'))).toEqual(['7 1 INVITE', '8 1 INVITE', '9 1 INVITE']);
    expect(seen).toEqual(['progress 183', 'progress 180', 'progress 180']);
    await deliver(toAlice(invite, 200, { toTag: 'bob1', body: peerSdp() }));
    expect(media[0]!.log).toEqual(['offer sendrecv', 'set answer sendrecv']);
    expect(seen.at(-1)).toBe('accepted 200');
    const ack = requests().find((r) => r.method === 'ACK')!;
    expect([ack.rawHeader('CSeq'), ack.body.length]).toEqual(['1 ACK', 0]);
  });

  it('answers the offer of a reliable 1xx in the PRACK (INVITE without an offer); the ACK then carries nothing', async () => {
    const { deliver, reliable, pracks, media, invite, requests, seen } = await calling('supported', { inviteWithoutSdp: true });
    expect(invite.body.length).toBe(0);
    await deliver(reliable(183, 1, peerSdp()));
    const [prack] = pracks();
    expect([prack!.rawHeader('RAck'), prack!.rawHeader('Content-Type'), prack!.bodyText]).toEqual(['1 1 INVITE', 'application/sdp', fakeSdp({ sessionId: 1000, version: 1 })]);
    await deliver(toAlice(invite, 200, { toTag: 'bob1', body: peerSdp() }));
    const ack = requests().find((r) => r.method === 'ACK')!;
    expect(ack.body.length).toBe(0);
    expect(media[0]!.log).toEqual(['set offer sendrecv', 'answer sendrecv']);
    expect(seen).toEqual(['progress 183', 'accepted 200']);
  });

  it('rel100 none: a 1xx that says it is reliable is taken as any other, with no PRACK', async () => {
    const { deliver, reliable, pracks, seen } = await calling('none');
    await deliver(reliable(180, 4));
    await deliver(reliable(180, 4));
    expect(pracks()).toHaveLength(0);
    expect(seen).toEqual(['progress 180', 'progress 180']);
  });

  it('the BYE of the call follows the PRACKs in CSeq', async () => {
    const { deliver, reliable, invite, call, requests } = await calling('supported');
    await deliver(reliable(183, 1, peerSdp()));
    await deliver(toAlice(invite, 200, { toTag: 'bob1', body: peerSdp() }));
    call.bye();
    expect(requests().at(-1)!.rawHeader('CSeq')).toBe('3 BYE');
    expect(requests().at(-1)!.uri.toString()).toBe(BOB_CONTACT.slice(1, -1));
  });
});

describe('forks', () => {
  it('keeps an RSeq space per early dialog: each fork\'s first reliable 1xx is PRACKed in its own dialog', async () => {
    const { deliver, invite, pracks, seen } = await calling('supported');
    const fork = (tag: string, rseq: number) => toAlice(invite, 180, { toTag: tag, headers: ['Require: 100rel', `RSeq: ${rseq}`] });
    await deliver(fork('bob1', 40));
    await deliver(fork('bob2', 5));
    await deliver(fork('bob1', 41));
    expect(pracks().map((p) => `${p.to.tag} ${p.rawHeader('RAck')} ${p.rawHeader('CSeq')}`)).toEqual([
      'bob1 40 1 INVITE 2 PRACK',
      'bob2 5 1 INVITE 2 PRACK',
      'bob1 41 1 INVITE 3 PRACK',
    ]);
    expect(seen).toEqual(['progress 180', 'progress 180', 'progress 180']);
  });
});
