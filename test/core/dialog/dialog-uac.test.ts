import { describe, expect, it } from 'vitest';
import { Dialog, dialogIdOfResponse, dialogKey } from '../../../src/core/dialog/index.js';
import { destinationFor, OutOfDialogRequestFactory } from '../../../src/core/request/index.js';
import { parseMessage, type SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { fixedIds } from '../request/fixed-ids.js';

const transport = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5060 } as const;

function lines(...text: string[]): string {
  return text.join('\r\n');
}

function newInvite(): SipRequest {
  const factory = new OutOfDialogRequestFactory({
    transport,
    contact: 'sip:alice@192.0.2.10:5060',
    routeSet: ['sip:outbound.example.com;lr'],
    ids: fixedIds(),
  });
  return factory.create({ method: 'INVITE', to: 'sip:bob@example.com', from: '"Alice" <sip:alice@example.com>' });
}

/** A response to the INVITE built by `newInvite`, as it arrives from the wire. */
function response(status: string, headers: string[]): SipResponse {
  return parseMessage(
    lines(
      `SIP/2.0 ${status}`,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbranch1;received=198.51.100.7',
      ...headers,
      'From: "Alice" <sip:alice@example.com>;tag=tag1',
      'Call-ID: call1@example.test',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ),
  ) as SipResponse;
}

const recordRoutes = ['Record-Route: <sip:p2.example.com;lr;ftag=x>', 'Record-Route: <sip:p1.example.com;lr>, <sip:outbound.example.com;lr>'];

describe('Dialog on the UAC side (RFC 3261 §12.1.2)', () => {
  it('is early from a 180 with a To tag: route set = Record-Route reversed, remote target = Contact, local seq = CSeq', () => {
    const invite = newInvite();
    const ringing = response('180 Ringing', [...recordRoutes, 'To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.5:5070>']);
    const dialog = Dialog.fromUac(invite, ringing, { transport, ids: fixedIds() });
    expect(dialog.state).toBe('early');
    expect(dialog.id).toEqual({ callId: 'call1@example.test', localTag: 'tag1', remoteTag: 'bob1' });
    expect(dialog.key).toBe(dialogKey(dialogIdOfResponse(ringing)!));
    expect(dialog.routeSet.map(String)).toEqual(['sip:outbound.example.com;lr', 'sip:p1.example.com;lr', 'sip:p2.example.com;lr;ftag=x']);
    expect(String(dialog.remoteTarget)).toBe('sip:bob@203.0.113.5:5070');
    expect(dialog.localSeq).toBe(1);
    expect(dialog.remoteSeq).toBeUndefined();
    expect(dialog.secure).toBe(false);
  });

  it('is confirmed from a 2xx, and builds the ACK and a BYE with exact bytes', () => {
    const invite = newInvite();
    const ok = response('200 OK', [...recordRoutes, 'To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.5:5070;transport=udp>']);
    const dialog = Dialog.fromUac(invite, ok, { transport, ids: fixedIds(), userAgent: 'sipforge/0.1.0' });
    expect(dialog.state).toBe('confirmed');

    const ack = dialog.createAck(invite.cseq.seq, { extraHeaders: ['Authorization: Digest username="alice"'] });
    expect(ack.toString()).toBe(
      lines(
        'ACK sip:bob@203.0.113.5:5070;transport=udp SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbranch1',
        'Max-Forwards: 70',
        'Route: <sip:outbound.example.com;lr>',
        'Route: <sip:p1.example.com;lr>',
        'Route: <sip:p2.example.com;lr;ftag=x>',
        'To: <sip:bob@example.com>;tag=bob1',
        'From: "Alice" <sip:alice@example.com>;tag=tag1',
        'Call-ID: call1@example.test',
        'CSeq: 1 ACK',
        'User-Agent: sipforge/0.1.0',
        'Authorization: Digest username="alice"',
        'Content-Length: 0',
        '',
        '',
      ),
    );
    expect(dialog.localSeq).toBe(1);

    const bye = dialog.createRequest('BYE');
    expect(bye.toString()).toBe(
      lines(
        'BYE sip:bob@203.0.113.5:5070;transport=udp SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbranch2',
        'Max-Forwards: 70',
        'Route: <sip:outbound.example.com;lr>',
        'Route: <sip:p1.example.com;lr>',
        'Route: <sip:p2.example.com;lr;ftag=x>',
        'To: <sip:bob@example.com>;tag=bob1',
        'From: "Alice" <sip:alice@example.com>;tag=tag1',
        'Call-ID: call1@example.test',
        'CSeq: 2 BYE',
        'User-Agent: sipforge/0.1.0',
        'Content-Length: 0',
        '',
        '',
      ),
    );
    expect(destinationFor(bye)).toEqual({ host: 'outbound.example.com', port: 5060, protocol: 'UDP' });
  });

  it('increments the local CSeq by one per request, carries Contact in target refreshes only, and keeps ACK on the INVITE number', () => {
    const invite = newInvite();
    const ok = response('200 OK', ['To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.5>']);
    const dialog = Dialog.fromUac(invite, ok, { transport });
    const info = dialog.createRequest('INFO', { body: 'Signal=1\r\n', contentType: 'application/dtmf-relay' });
    const reinvite = dialog.createRequest('INVITE', { body: 'v=0\r\n', contentType: 'application/sdp' });
    const reAck = dialog.createAck(reinvite.cseq.seq);
    const bye = dialog.createRequest('BYE');
    expect([info, reinvite, reAck, bye].map((r) => String(r.cseq))).toEqual(['2 INFO', '3 INVITE', '3 ACK', '4 BYE']);
    expect(info.hasHeader('Contact')).toBe(false);
    expect(reinvite.rawHeader('Contact')).toBe('<sip:alice@192.0.2.10:5060>');
    // No route set: the remote target is the Request-URI and no Route goes in (§12.2.1.1).
    expect(bye.startLine).toBe('BYE sip:bob@203.0.113.5 SIP/2.0');
    expect(bye.hasHeader('Route')).toBe(false);
    expect(new Set([info, reinvite, reAck, bye].map((r) => r.via.branch)).size).toBe(4);
  });

  it('handles a strict router first in the route set (§12.2.1.1)', () => {
    const invite = newInvite();
    // Reversed, the route set is <sip:proxy1>, <sip:proxy2>, <sip:proxy3;lr>, <sip:proxy4>, as in the RFC example.
    const ok = response('200 OK', [
      'Record-Route: <sip:proxy4>, <sip:proxy3;lr>',
      'Record-Route: <sip:proxy2>, <sip:proxy1>',
      'To: <sip:bob@example.com>;tag=bob1',
      'Contact: <sip:user@remoteua>',
    ]);
    const dialog = Dialog.fromUac(invite, ok, { transport, ids: fixedIds() });
    const bye = dialog.createRequest('BYE');
    expect(bye.startLine).toBe('BYE sip:proxy1 SIP/2.0');
    expect(bye.rawHeaders('Route')).toEqual(['<sip:proxy2>', '<sip:proxy3;lr>', '<sip:proxy4>', '<sip:user@remoteua>']);
    expect(destinationFor(bye)).toEqual({ host: 'proxy1', port: 5060, protocol: 'UDP' });
  });

  it('recomputes the route set and remote target when a 2xx confirms an early dialog (§13.2.2.4)', () => {
    const invite = newInvite();
    const ringing = response('180 Ringing', ['To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.5>']);
    const dialog = Dialog.fromUac(invite, ringing, { transport });
    dialog.createRequest('UPDATE');
    const ok = response('200 OK', ['Record-Route: <sip:p1.example.com;lr>', 'To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.6>']);
    dialog.updateFromResponse(ok);
    expect(dialog.state).toBe('confirmed');
    expect(dialog.routeSet.map(String)).toEqual(['sip:p1.example.com;lr']);
    expect(String(dialog.remoteTarget)).toBe('sip:bob@203.0.113.6');
    // Sequence numbers are not recomputed.
    expect(dialog.localSeq).toBe(2);
  });

  it('keeps forked early dialogs apart: one Dialog per To tag (§13.2.2.4)', () => {
    const invite = newInvite();
    const fromBob = response('180 Ringing', ['To: <sip:bob@example.com>;tag=desk', 'Contact: <sip:bob@203.0.113.5>']);
    const fromMobile = response('183 Session Progress', ['To: <sip:bob@example.com>;tag=mobile', 'Contact: <sip:bob@198.51.100.20>']);
    const desk = Dialog.fromUac(invite, fromBob, { transport });
    const mobile = Dialog.fromUac(invite, fromMobile, { transport });
    expect(desk.key).not.toBe(mobile.key);
    expect(desk.matchesResponse(fromBob)).toBe(true);
    expect(desk.matchesResponse(fromMobile)).toBe(false);
    expect(mobile.matchesResponse(fromMobile)).toBe(true);
    expect(desk.createRequest('PRACK').startLine).toBe('PRACK sip:bob@203.0.113.5 SIP/2.0');
    expect(mobile.createRequest('PRACK').startLine).toBe('PRACK sip:bob@198.51.100.20 SIP/2.0');

    const mobileOk = response('200 OK', ['To: <sip:bob@example.com>;tag=mobile', 'Contact: <sip:bob@198.51.100.20>']);
    expect(() => desk.updateFromResponse(mobileOk)).toThrow(TypeError);
    mobile.updateFromResponse(mobileOk);
    expect(mobile.state).toBe('confirmed');
    expect(desk.state).toBe('early');
    desk.terminate();
    expect(desk.state).toBe('terminated');
    expect(() => desk.createRequest('BYE')).toThrow(/terminated/);
  });

  it('replaces the remote target from a 2xx to a target refresh request only (§12.2.1.2)', () => {
    const invite = newInvite();
    const ok = response('200 OK', ['To: <sip:bob@example.com>;tag=bob1', 'Contact: <sip:bob@203.0.113.5>']);
    const dialog = Dialog.fromUac(invite, ok, { transport });
    const answer = (cseq: string, status: string, contact: string): SipResponse =>
      parseMessage(
        lines(
          `SIP/2.0 ${status}`,
          'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKx',
          'To: <sip:bob@example.com>;tag=bob1',
          'From: "Alice" <sip:alice@example.com>;tag=tag1',
          'Call-ID: call1@example.test',
          `CSeq: ${cseq}`,
          `Contact: ${contact}`,
          '',
          '',
        ),
      ) as SipResponse;
    dialog.updateFromResponse(answer('2 INFO', '200 OK', '<sip:bob@192.0.2.200>'));
    expect(String(dialog.remoteTarget)).toBe('sip:bob@203.0.113.5');
    dialog.updateFromResponse(answer('3 UPDATE', '488 Not Acceptable Here', '<sip:bob@192.0.2.200>'));
    expect(String(dialog.remoteTarget)).toBe('sip:bob@203.0.113.5');
    dialog.updateFromResponse(answer('4 UPDATE', '200 OK', '<sip:bob@192.0.2.201>'));
    expect(String(dialog.remoteTarget)).toBe('sip:bob@192.0.2.201');
    dialog.updateFromResponse(answer('5 INVITE', '200 OK', '<sip:bob@192.0.2.202>'));
    expect(String(dialog.remoteTarget)).toBe('sip:bob@192.0.2.202');
  });

  it('creates no dialog from a 100, a tagless 1xx, a failure, or a response to another request', () => {
    const invite = newInvite();
    expect(() => Dialog.fromUac(invite, response('100 Trying', ['To: <sip:bob@example.com>']), { transport })).toThrow(TypeError);
    expect(() => Dialog.fromUac(invite, response('180 Ringing', ['To: <sip:bob@example.com>']), { transport })).toThrow(/without a To tag/);
    expect(() => Dialog.fromUac(invite, response('486 Busy Here', ['To: <sip:bob@example.com>;tag=b']), { transport })).toThrow(TypeError);
    const other = newInvite();
    other.setHeader('Call-ID', 'other@example.test');
    expect(() => Dialog.fromUac(other, response('200 OK', ['To: <sip:bob@example.com>;tag=b', 'Contact: <sip:b@h>']), { transport })).toThrow(
      /Call-ID or From tag differs/,
    );
  });

  it('refuses header injection through in-dialog extraHeaders, leaving the CSeq untouched', () => {
    const invite = newInvite();
    const dialog = Dialog.fromUac(invite, response('200 OK', ['To: <sip:bob@example.com>;tag=b', 'Contact: <sip:b@h>']), { transport });
    expect(() => dialog.createRequest('INFO', { extraHeaders: ['X-A: 1\r\nBYE sip:x SIP/2.0'] })).toThrow(TypeError);
    expect(() => dialog.createRequest('INFO', { extraHeaders: ['CSeq: 99 INFO'] })).toThrow(/set by the UA core/);
    expect(() => dialog.createRequest('INFO\r\n')).toThrow(TypeError);
    expect(() => dialog.createRequest('ACK')).toThrow(/createAck/);
    expect(dialog.localSeq).toBe(1);
    expect(dialog.createRequest('INFO').cseq.seq).toBe(2);
  });
});
