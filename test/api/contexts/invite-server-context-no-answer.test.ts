import { describe, expect, it } from 'vitest';
import { InviteServerContext, SessionStatus } from '../../../src/api/contexts/index.js';
import { wire } from '../support/context-wire.js';

// Legacy `noAnswerTimeout` (SIP.js 0.7: "the UAS sends 408 when it fires", default 60 s): an incoming
// INVITE the application neither accepts nor rejects in time gets 408, and the context ends with
// `failed` and NO_ANSWER. Issue 7: without it a call nobody answers was never ended on the callee side.

const INVITE =
  'INVITE sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n' +
  'Via: SIP/2.0/WSS edge.example.com;branch=z9hG4bKna1\r\n' +
  'Max-Forwards: 69\r\n' +
  'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
  'To: <sip:alice@example.com>\r\n' +
  'Call-ID: no-answer-1\r\n' +
  'CSeq: 5 INVITE\r\n' +
  'Contact: <sip:bob@192.0.2.9;transport=ws>\r\n' +
  'Content-Length: 0\r\n\r\n';

function inviting(noAnswerTimeout?: number) {
  const w = wire();
  const contexts: InviteServerContext[] = [];
  const seen: string[] = [];
  const env = { core: w.core, contact: '<sip:k7d2@ua1.invalid;transport=ws>', dialog: { transport: w.transport, ids: w.ids }, dialogs: w.dialogs, sender: w.sender, noAnswerTimeout };
  w.core.handle('INVITE', (request) => {
    const context = new InviteServerContext(env, request);
    context.on('progress', (r) => seen.push(`progress ${r.status}`));
    context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
    context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
    context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
    contexts.push(context);
  });
  w.core.onCancel = (cancel, invite) => contexts.find((c) => c.incoming.transaction === invite)?.receiveCancel(cancel);
  const statusLines = () => w.transport.sent.map((s) => s.text.split('\r\n')[0]);
  return { ...w, contexts, seen, statusLines };
}

describe('InviteServerContext noAnswerTimeout', () => {
  it('answers 408 after 60 s by default, even after progress(), and fails with NO_ANSWER', () => {
    const { transport, clock, contexts, seen, statusLines } = inviting();
    transport.deliver(INVITE);
    contexts[0]!.progress();
    clock.advance(59_999);
    expect(statusLines()).toEqual(['SIP/2.0 180 Ringing']);
    clock.advance(1);
    expect(statusLines()).toEqual(['SIP/2.0 180 Ringing', 'SIP/2.0 408 Request Timeout']);
    const timeout = transport.last.message;
    expect([timeout.callId, timeout.to.tag]).toEqual(['no-answer-1', (transport.sent[0]!.message).to.tag]);
    expect(seen).toEqual(['progress 180', 'failed 408 No Answer']);
    expect(contexts[0]!.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(() => contexts[0]!.accept()).toThrow();
  });

  it('follows the configured value', () => {
    const { transport, clock, seen, statusLines } = inviting(5_000);
    transport.deliver(INVITE);
    clock.advance(4_999);
    // The server transaction's own 100 Trying went out at 200 ms (RFC 3261 §17.2.1).
    expect(statusLines()).toEqual(['SIP/2.0 100 Trying']);
    clock.advance(1);
    expect(statusLines()).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 408 Request Timeout']);
    expect(seen).toEqual(['failed 408 No Answer']);
  });

  it('does not fire once the call is accepted, rejected or cancelled', () => {
    const { transport, clock, contexts, seen } = inviting();
    transport.deliver(INVITE);
    transport.deliver(INVITE.replace('z9hG4bKna1', 'z9hG4bKna2').replace('no-answer-1', 'no-answer-2'));
    transport.deliver(INVITE.replace('z9hG4bKna1', 'z9hG4bKna3').replace('no-answer-1', 'no-answer-3'));
    contexts[0]!.accept();
    contexts[1]!.reject({ statusCode: 486 });
    transport.deliver(
      'CANCEL sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS edge.example.com;branch=z9hG4bKna3\r\nMax-Forwards: 69\r\n' +
        'From: "Bob" <sip:bob@example.com>;tag=bob1\r\nTo: <sip:alice@example.com>\r\nCall-ID: no-answer-3\r\nCSeq: 5 CANCEL\r\nContent-Length: 0\r\n\r\n',
    );
    seen.length = 0;
    clock.advance(120_000);
    // The accepted call fails for want of an ACK (RFC 3261 §13.3.1.4), nothing else happens.
    expect(seen).toEqual(['failed none No ACK']);
    expect(transport.sent.some((s) => s.text.startsWith('SIP/2.0 408'))).toBe(false);
  });
});
