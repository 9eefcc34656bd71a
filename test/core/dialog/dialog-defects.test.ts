import { describe, expect, it } from 'vitest';
import { Dialog } from '../../../src/core/dialog/index.js';
import { OutOfDialogRequestFactory } from '../../../src/core/request/index.js';
import { parseMessage, SipParseError, type SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { fixedIds } from '../request/fixed-ids.js';

// Dialog fields a peer controls (RFC 3261 §12.1.1, §12.1.2, §12.2): a Contact that is `*`, not a SIP
// or SIPS URI, or unparseable, and a Record-Route that does not parse or is not a SIP URI. Issue 7:
// these threw out of Dialog.fromUac inside the transaction callback.

const transport = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5060 } as const;

function newInvite(): SipRequest {
  const factory = new OutOfDialogRequestFactory({ transport, contact: 'sip:alice@192.0.2.10:5060', ids: fixedIds() });
  return factory.create({ method: 'INVITE', to: 'sip:bob@example.com', from: '"Alice" <sip:alice@example.com>' });
}

function response(status: string, headers: string[], cseq = '1 INVITE'): SipResponse {
  return parseMessage(
    [
      `SIP/2.0 ${status}`,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbranch1',
      'To: <sip:bob@example.com>;tag=bob1',
      'From: "Alice" <sip:alice@example.com>;tag=tag1',
      'Call-ID: call1@example.test',
      `CSeq: ${cseq}`,
      ...headers,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  ) as SipResponse;
}

const RR = 'Record-Route: <sip:p1.example.com;lr>';
const BOB = 'Contact: <sip:bob@203.0.113.5>';

describe('Dialog.fromUac with a peer\'s unusable fields', () => {
  const cases: Array<[string, string[], string, string[], RegExp]> = [
    ['Contact: *', [RR, 'Contact: *'], 'sip:bob@example.com', ['sip:p1.example.com;lr'], /Contact \* is not a SIP or SIPS URI/],
    ['a tel: Contact', [RR, 'Contact: <tel:+15551234567>'], 'sip:bob@example.com', ['sip:p1.example.com;lr'], /not a SIP or SIPS URI/],
    ['an unparseable Contact', [RR, 'Contact: <sip:bob@203.0.113.5'], 'sip:bob@example.com', ['sip:p1.example.com;lr'], /Contact/],
    ['an unparseable Record-Route', ['Record-Route: <sip:p1.example.com;lr', BOB], 'sip:bob@203.0.113.5', [], /Record-Route/],
    ['a non-SIP Record-Route', ['Record-Route: <http://p1.example.com/>', BOB], 'sip:bob@203.0.113.5', [], /Record-Route http:\/\/p1\.example\.com\/ is not a SIP or SIPS URI/],
  ];

  for (const [name, headers, target, routes, defect] of cases) {
    it(`with ${name}: no exception; a defect, and what an ACK and a BYE need`, () => {
      const dialog = Dialog.fromUac(newInvite(), response('200 OK', headers), { transport, ids: fixedIds() });
      expect(dialog.defect).toMatch(defect);
      expect(dialog.state).toBe('confirmed');
      expect(String(dialog.remoteTarget)).toBe(target);
      expect(dialog.routeSet.map(String)).toEqual(routes);
      expect(dialog.createAck(1).uri.toString()).toBe(target);
    });
  }

  it('has no defect when Contact and Record-Route are usable, nor without a Contact (the To URI, as before)', () => {
    expect(Dialog.fromUac(newInvite(), response('200 OK', [RR, BOB]), { transport }).defect).toBeUndefined();
    const noContact = Dialog.fromUac(newInvite(), response('200 OK', [RR]), { transport });
    expect([noContact.defect, String(noContact.remoteTarget)]).toEqual([undefined, 'sip:bob@example.com']);
  });

  it('keeps the early dialog\'s target and routes when the confirming 2xx has unusable ones, and reports the defect', () => {
    const early = Dialog.fromUac(newInvite(), response('180 Ringing', [RR, BOB]), { transport });
    early.confirm(response('200 OK', ['Record-Route: <sip:p1.example.com;lr', 'Contact: *']));
    expect(early.defect).toMatch(/Record-Route.*; Contact \* is not/);
    expect(String(early.remoteTarget)).toBe('sip:bob@203.0.113.5');
    expect(early.routeSet.map(String)).toEqual(['sip:p1.example.com;lr']);
  });

  it('keeps the remote target when a 2xx to a target refresh has an unusable Contact (RFC 3261 §12.2.1.2)', () => {
    const dialog = Dialog.fromUac(newInvite(), response('200 OK', [BOB]), { transport, ids: fixedIds() });
    const update = dialog.createRequest('UPDATE');
    dialog.updateFromResponse(response('200 OK', ['Contact: *'], `${update.cseq.seq} UPDATE`));
    expect(String(dialog.remoteTarget)).toBe('sip:bob@203.0.113.5');
  });
});

describe('Dialog on the UAS side with a peer\'s unusable fields', () => {
  const request = (method: string, cseq: number, extra: string[], toTag?: string) =>
    parseMessage(
      [
        `${method} sip:bob@192.0.2.20 SIP/2.0`,
        'Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKa' + cseq,
        'Max-Forwards: 70',
        `To: <sip:bob@example.com>${toTag === undefined ? '' : `;tag=${toTag}`}`,
        'From: <sip:alice@example.com>;tag=alice',
        'Call-ID: uas-call',
        `CSeq: ${cseq} ${method}`,
        ...extra,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    ) as SipRequest;

  it('refuses an INVITE whose Record-Route is not a SIP URI with a SipParseError naming Record-Route (the UAS answers 400)', () => {
    const attempt = () => Dialog.fromUas(request('INVITE', 1, ['Record-Route: <http://p.example.com/>', 'Contact: <sip:a@198.51.100.7>']), 'bobtag', { transport });
    expect(attempt).toThrow(SipParseError);
    expect(attempt).toThrow(/Record-Route/);
  });

  it('answers 400 to a re-INVITE whose Contact cannot be a target, changing nothing', () => {
    const dialog = Dialog.fromUas(request('INVITE', 1, ['Contact: <sip:a@198.51.100.7>']), 'bobtag', { transport });
    const verdict = dialog.receiveRequest(request('INVITE', 2, ['Contact: *'], 'bobtag'));
    expect(verdict).toMatchObject({ accepted: false, status: 400, reason: 'Bad Request (unusable Contact)' });
    expect([dialog.remoteSeq, String(dialog.remoteTarget)]).toEqual([1, 'sip:a@198.51.100.7']);
    expect(dialog.receiveRequest(request('INVITE', 2, ['Contact: <sip:a@198.51.100.8>'], 'bobtag')).accepted).toBe(true);
  });
});
