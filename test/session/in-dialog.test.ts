import { describe, expect, it } from 'vitest';
import { SessionStatus } from '../../src/api/contexts/index.js';
import type { SipRequest } from '../../src/syntax/index.js';
import { peerSdp } from '../support/fake-media-handler.js';
import { acceptedCall, answer, answeredCall, settle } from './support/call.js';

// Requests in an established session (RFC 3261 §12.2): DTMF by INFO (application/dtmf-relay) or in the
// media (RFC 4733 through the handler), INFO both ways, sendRequest, mute, and what ends a session besides
// a BYE: a 481 or 408 to an in-dialog request, the media handler failing. After the end, 481.

const infos = (requests: SipRequest[]) => requests.filter((r) => r.method === 'INFO');

describe('DTMF', () => {
  it('sends each digit in its own INFO, one after the other: duration + interToneGap apart, a comma 2 s', async () => {
    const { context, transport, clock } = await answeredCall();
    context.dtmf('1,#', { duration: 100, interToneGap: 70 });
    expect(transport.last.text).toBe(
      'INFO sip:bob@192.0.2.9;transport=ws SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-6\r\n' +
        'Max-Forwards: 70\r\n' +
        'Route: <sip:edge.example.com;transport=ws;lr>\r\n' +
        'To: <sip:bob@example.com>;tag=b1\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 2 INFO\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Type: application/dtmf-relay\r\n' +
        'Content-Length: 24\r\n\r\n' +
        'Signal=1\r\nDuration=100\r\n',
    );
    clock.advance(170 + 1999);
    expect(infos(transport.requests)).toHaveLength(1);
    clock.advance(1);
    const sent = infos(transport.requests);
    expect(sent.map((r) => `${r.rawHeader('CSeq')} ${r.bodyText.split('\r\n')[0]}`)).toEqual(['2 INFO Signal=1', '3 INFO Signal=#']);
    expect(sent.map((r) => transport.sent.find((s) => s.message === r)!.at)).toEqual([0, 2170]);
  });

  it('queues the digits of a second dtmf() call after the first, and refuses bad tones and calls not established', async () => {
    const { context, transport, clock } = await answeredCall();
    context.dtmf('12', { duration: 100, interToneGap: 50 });
    context.dtmf('3');
    clock.advance(150);
    clock.advance(150);
    expect(infos(transport.requests).map((r) => r.bodyText)).toEqual(['Signal=1\r\nDuration=100\r\n', 'Signal=2\r\nDuration=100\r\n', 'Signal=3\r\nDuration=100\r\n']);
    expect(() => context.dtmf('1x')).toThrow(/^tones must be digits/);
    expect(() => context.dtmf('1', { extraHeaders: ['Bad Header: x'] })).toThrow(/header name must be a token/);
  });

  it("goes in the media (RFC 4733) with dtmfType 'rtp' when telephone-event was negotiated, else by INFO", async () => {
    const rtp = await answeredCall({ dtmfType: 'rtp' });
    rtp.context.dtmf('12', { duration: 120, interToneGap: 60 });
    rtp.clock.advance(180);
    expect(rtp.handler.sentDtmf).toEqual([
      { tone: '1', duration: 120, interToneGap: 60 },
      { tone: '2', duration: 120, interToneGap: 60 },
    ]);
    expect(infos(rtp.transport.requests)).toHaveLength(0);

    const noEvents = await answeredCall({ dtmfType: 'rtp', answerSdp: peerSdp({ codecs: '0' }) });
    noEvents.context.dtmf('5');
    expect(noEvents.handler.sentDtmf).toEqual([]);
    expect(infos(noEvents.transport.requests).map((r) => r.bodyText)).toEqual(['Signal=5\r\nDuration=100\r\n']);
  });

  it('emits dtmf for a digit received by INFO (answered 200) and for one the media handler received', async () => {
    const { deliver, fromBob, seen, transport, handler } = await answeredCall();
    await deliver(fromBob('INFO', 1, { body: 'Signal=5\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' }));
    expect(transport.statuses).toEqual([200]);
    handler.emit('dtmf', '7', 100);
    expect(seen).toEqual(['accepted 200', 'dtmf INFO 5 160', 'dtmf media 7 100']);
  });
});

describe('INFO and other requests in the dialog', () => {
  it('emits info for an INFO without a digit, of any body type, and answers it 200', async () => {
    const { deliver, fromBob, seen, transport } = await acceptedCall();
    await deliver(fromBob('INFO', 6, { body: '<media_control/>', contentType: 'application/media_control+xml' }));
    expect(transport.sent.slice(-1).map((s) => `${s.message.cseq.method} ${'status' in s.message ? s.message.status : ''}`)).toEqual(['INFO 200']);
    expect(seen).toEqual(['accepted 200', 'info INFO <media_control/>']);
  });

  it('sendRequest() sends in the dialog (route set, remote target, CSeq), emits the method, and hands each response to receiveResponse', async () => {
    const { context, transport, deliver, seen } = await answeredCall();
    const responses: number[] = [];
    context.sendRequest('INFO', { body: 'hello', contentType: 'text/plain', extraHeaders: ['X-Test: 1'], receiveResponse: (r) => responses.push(r.status_code) });
    const info = transport.last.message as SipRequest;
    expect([info.method, info.uri.toString(), info.rawHeaders('Route'), info.rawHeader('CSeq'), info.rawHeader('X-Test'), info.bodyText]).toEqual([
      'INFO', 'sip:bob@192.0.2.9;transport=ws', ['<sip:edge.example.com;transport=ws;lr>'], '2 INFO', '1', 'hello',
    ]);
    expect(seen).toEqual(['accepted 200', 'info INFO hello']);
    await deliver(answer(info, 200, { toTag: 'b1' }));
    expect(responses).toEqual([200]);
    expect(() => context.sendRequest('INVITE')).toThrow(TypeError);
    expect(() => context.sendRequest('ACK')).toThrow(TypeError);
  });

  it('ends the session when the peer answers an in-dialog request 481 (no BYE) or not at all (BYE) (RFC 3261 §12.2.1.2)', async () => {
    const gone = await answeredCall();
    gone.context.sendRequest('INFO');
    await gone.deliver(answer(gone.transport.last.message as SipRequest, 481, { toTag: 'b1' }));
    expect(gone.seen).toEqual(['accepted 200', 'info INFO ', 'terminated 481 Dialog Error']);
    expect(gone.context.status).toBe(SessionStatus.STATUS_TERMINATED);

    const silent = await answeredCall();
    silent.context.sendRequest('INFO');
    silent.clock.advance(32_000);
    await settle();
    expect(silent.seen).toEqual(['accepted 200', 'info INFO ', 'terminated none Request Timeout']);
    expect(silent.transport.requests.at(-1)!.method).toBe('BYE');
  });

  it('answers 481 to the BYE, INFO or re-INVITE of a session that has ended', async () => {
    const { context, deliver, fromBob, transport } = await answeredCall();
    context.bye();
    await deliver(fromBob('INFO', 1, { body: 'Signal=1\r\nDuration=100\r\n', contentType: 'application/dtmf-relay' }));
    await deliver(fromBob('INVITE', 2, { body: peerSdp({ version: 2 }) }));
    await deliver(fromBob('BYE', 3));
    expect(transport.statuses).toEqual([481, 481, 481]);
  });
});

describe('mute and the media handler', () => {
  it('mute() and unmute() tell the handler and emit the kinds that changed', async () => {
    const { context, seen, handler } = await answeredCall();
    context.mute({ audio: true });
    context.mute();
    context.unmute();
    context.unmute();
    expect(seen.slice(1)).toEqual([
      'muted {"audio":true,"video":false}',
      'muted {"audio":false,"video":true}',
      'unmuted {"audio":true,"video":true}',
    ]);
    expect(handler.log.slice(-3)).toEqual(['mute {"audio":true,"video":false}', 'mute {"audio":false,"video":true}', 'unmute {"audio":true,"video":true}']);
  });

  it('a media failure ends the session with a BYE and the handler\'s cause; the handler is closed', async () => {
    const { transport, seen, handler } = await acceptedCall();
    handler.emit('failed', 'RTP_TIMEOUT');
    expect(transport.requests.map((r) => r.method)).toEqual(['BYE']);
    expect(seen).toEqual(['accepted 200', 'terminated none RTP Timeout']);
    expect(handler.closed).toBe(true);
  });

  it('emits terminated once whatever else comes after the end', async () => {
    const { context, deliver, fromBob, seen, handler, clock } = await answeredCall();
    await deliver(fromBob('BYE', 1));
    handler.emit('failed', 'RTP_TIMEOUT');
    expect(() => context.bye()).toThrow();
    clock.advance(64_000);
    expect(seen.filter((e) => e.startsWith('terminated'))).toEqual(['terminated BYE -']);
  });
});
