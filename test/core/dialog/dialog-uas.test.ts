import { describe, expect, it } from 'vitest';
import { Dialog, dialogIdOfIncomingRequest, dialogKey } from '../../../src/core/dialog/index.js';
import { destinationFor } from '../../../src/core/request/index.js';
import { parseMessage, SipParseError, type SipRequest } from '../../../src/syntax/index.js';
import { fixedIds } from '../request/fixed-ids.js';

const transport = { protocol: 'TCP', viaHost: '192.0.2.20', viaPort: 5060 } as const;

function lines(...text: string[]): string {
  return text.join('\r\n');
}

// An INVITE from Alice that reached Bob through two record-routing proxies.
const INVITE = lines(
  'INVITE sip:bob@192.0.2.20:5060;transport=tcp SIP/2.0',
  'Via: SIP/2.0/TCP p2.example.com;branch=z9hG4bKp2',
  'Via: SIP/2.0/TCP p1.example.com;branch=z9hG4bKp1',
  'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKa',
  'Record-Route: <sip:p2.example.com;transport=tcp;lr>',
  'Record-Route: <sip:p1.example.com;lr>',
  'Max-Forwards: 68',
  'To: Bob <sip:bob@example.com>',
  'From: Alice <sip:alice@example.com>;tag=AliceTag',
  'Call-ID: 3848276298220188511@atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@198.51.100.7:5060>',
  'Content-Length: 0',
  '',
  '',
);

function invite(text = INVITE): SipRequest {
  return parseMessage(text) as SipRequest;
}

/** A request from Alice inside the dialog. */
function inDialog(method: string, cseq: number, extra: string[] = [], toTag = 'bobtag'): SipRequest {
  return parseMessage(
    lines(
      `${method} sip:bob@192.0.2.20:5060;transport=tcp SIP/2.0`,
      'Via: SIP/2.0/TCP p2.example.com;branch=z9hG4bKq2',
      'Max-Forwards: 70',
      `To: Bob <sip:bob@example.com>;tag=${toTag}`,
      'From: Alice <sip:alice@example.com>;tag=AliceTag',
      'Call-ID: 3848276298220188511@atlanta.example.com',
      `CSeq: ${cseq} ${method}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ),
  ) as SipRequest;
}

describe('Dialog on the UAS side (RFC 3261 §12.1.1)', () => {
  it('takes the route set from Record-Route in order, the remote target from Contact, the remote seq from CSeq', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport });
    expect(dialog.state).toBe('confirmed');
    expect(dialog.id).toEqual({ callId: '3848276298220188511@atlanta.example.com', localTag: 'bobtag', remoteTag: 'AliceTag' });
    expect(dialog.routeSet.map(String)).toEqual(['sip:p2.example.com;transport=tcp;lr', 'sip:p1.example.com;lr']);
    expect(String(dialog.remoteTarget)).toBe('sip:alice@198.51.100.7:5060');
    expect(dialog.remoteSeq).toBe(314159);
    expect(dialog.localSeq).toBeUndefined();
    expect(Dialog.fromUas(invite(), 'bobtag', { transport, state: 'early' }).state).toBe('early');
  });

  it('builds the BYE from the callee with exact bytes: CSeq 1, tags swapped, Route in order', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport, rport: true, ids: fixedIds(), localContact: '<sip:bob@192.0.2.20;transport=tcp>' });
    const bye = dialog.createRequest('BYE');
    expect(bye.toString()).toBe(
      lines(
        'BYE sip:alice@198.51.100.7:5060 SIP/2.0',
        'Via: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKbranch1;rport',
        'Max-Forwards: 70',
        'Route: <sip:p2.example.com;transport=tcp;lr>',
        'Route: <sip:p1.example.com;lr>',
        'To: "Alice" <sip:alice@example.com>;tag=AliceTag',
        'From: "Bob" <sip:bob@example.com>;tag=bobtag',
        'Call-ID: 3848276298220188511@atlanta.example.com',
        'CSeq: 1 BYE',
        'Content-Length: 0',
        '',
        '',
      ),
    );
    expect(destinationFor(bye)).toEqual({ host: 'p2.example.com', port: 5060, protocol: 'TCP' });
    // A target refresh from the callee carries its Contact (§12.2.1.1).
    expect(dialog.createRequest('UPDATE').rawHeader('Contact')).toBe('<sip:bob@192.0.2.20;transport=tcp>');
  });

  it('accepts in-order requests, rejects out-of-order ones with 500 and changes nothing then (§12.2.2)', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport });
    expect(dialog.receiveRequest(inDialog('INFO', 314161))).toEqual({ accepted: true, targetRefreshed: false });
    expect(dialog.remoteSeq).toBe(314161);
    const lower = dialog.receiveRequest(inDialog('INFO', 314160));
    expect(lower).toMatchObject({ accepted: false, status: 500, reason: 'Server Internal Error' });
    const same = dialog.receiveRequest(inDialog('UPDATE', 314161, ['Contact: <sip:alice@192.0.2.99>']));
    expect(same).toMatchObject({ accepted: false, status: 500 });
    expect(dialog.remoteSeq).toBe(314161);
    expect(String(dialog.remoteTarget)).toBe('sip:alice@198.51.100.7:5060');
    // ACK and CANCEL carry the INVITE's number: never out of order, never a state change.
    expect(dialog.receiveRequest(inDialog('ACK', 314159))).toEqual({ accepted: true, targetRefreshed: false });
    expect(dialog.remoteSeq).toBe(314161);
  });

  it('replaces the remote target on a re-INVITE or UPDATE with Contact, not on other methods (§12.2)', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport });
    expect(dialog.receiveRequest(inDialog('INFO', 314160, ['Contact: <sip:alice@192.0.2.98>']))).toEqual({ accepted: true, targetRefreshed: false });
    expect(String(dialog.remoteTarget)).toBe('sip:alice@198.51.100.7:5060');
    expect(dialog.receiveRequest(inDialog('INVITE', 314161, ['Contact: <sip:alice@192.0.2.99;transport=tcp>']))).toEqual({
      accepted: true,
      targetRefreshed: true,
    });
    expect(String(dialog.remoteTarget)).toBe('sip:alice@192.0.2.99;transport=tcp');
    expect(dialog.receiveRequest(inDialog('UPDATE', 314162, ['Contact: <sip:alice@192.0.2.100>']))).toMatchObject({ targetRefreshed: true });
    expect(dialog.createRequest('BYE').startLine).toBe('BYE sip:alice@192.0.2.100 SIP/2.0');
    // The route set stays as the dialog was created (§12.2).
    expect(dialog.routeSet.map(String)).toEqual(['sip:p2.example.com;transport=tcp;lr', 'sip:p1.example.com;lr']);
  });

  it('answers 481 for requests of another dialog or after termination', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport });
    expect(dialog.receiveRequest(inDialog('BYE', 314160, [], 'othertag'))).toMatchObject({ accepted: false, status: 481 });
    expect(dialog.matchesRequest(inDialog('BYE', 314160, [], 'BOBTAG'))).toBe(true);
    dialog.terminate();
    expect(dialog.receiveRequest(inDialog('BYE', 314160))).toMatchObject({ accepted: false, status: 481 });
  });

  it('finds its dialog from an incoming request, tags compared case-insensitively', () => {
    const dialog = Dialog.fromUas(invite(), 'bobtag', { transport });
    expect(dialogKey(dialogIdOfIncomingRequest(inDialog('BYE', 314160, [], 'BobTag'))!)).toBe(dialog.key);
    expect(dialogIdOfIncomingRequest(invite())).toBeUndefined();
  });

  it('reports an unusable Contact as a SipParseError (the UAS answers 400), and refuses bad local tags', () => {
    const noContact = INVITE.replace('Contact: <sip:alice@198.51.100.7:5060>\r\n', '');
    expect(() => Dialog.fromUas(invite(noContact), 'bobtag', { transport })).toThrow(SipParseError);
    const telContact = INVITE.replace('<sip:alice@198.51.100.7:5060>', '<tel:+15551234567>');
    expect(() => Dialog.fromUas(invite(telContact), 'bobtag', { transport })).toThrow(SipParseError);
    expect(() => Dialog.fromUas(invite(), 'bob\r\ntag', { transport })).toThrow(TypeError);
    expect(() => Dialog.fromUas(inDialog('INVITE', 1, ['Contact: <sip:a@h>']), 'bobtag', { transport })).toThrow(/already inside a dialog/);
  });

  it('keeps an RFC 2543 peer without a From tag (a null remote tag)', () => {
    const dialog = Dialog.fromUas(invite(INVITE.replace(';tag=AliceTag', '')), 'bobtag', { transport });
    expect(dialog.id.remoteTag).toBeUndefined();
    const bye = dialog.createRequest('BYE');
    expect(bye.rawHeader('To')).toBe('"Alice" <sip:alice@example.com>');
  });
});
