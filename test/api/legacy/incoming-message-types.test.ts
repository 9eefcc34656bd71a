import { describe, expect, it } from 'vitest';
import { fromBob, settle, startedUa, stop } from '../support/started-ua.js';

const statusLines = (sent: Array<{ text: string }>) => sent.filter((m) => m.text.startsWith('SIP/2.0')).map((m) => m.text.split('\r\n')[0]);

describe('incoming MESSAGE of any content type (legacy)', () => {
  it('reaches the message event with its body text and type, and is answered 200', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const seen: string[] = [];
    ua.on('message', (message) => seen.push(`${message.contentType} ${message.body}`));
    transport.deliver(fromBob('MESSAGE', { body: '{"text":"hi"}', contentType: 'application/json', branch: 'z9hG4bKj1', callId: 'j1' }));
    transport.deliver(fromBob('MESSAGE', { body: '<is-composing/>', contentType: 'application/im-iscomposing+xml', branch: 'z9hG4bKj2', callId: 'j2' }));
    await settle();
    expect(seen).toEqual(['application/json {"text":"hi"}', 'application/im-iscomposing+xml <is-composing/>']);
    expect(statusLines(transport.sent)).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    await stop(ua, clock);
  });

  it('is answered as the application answers it', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    ua.on('message', (message) => message.reject({ statusCode: 488 }));
    transport.deliver(fromBob('MESSAGE', { body: '{}', contentType: 'application/json' }));
    await settle();
    expect(statusLines(transport.sent)).toEqual(['SIP/2.0 488 Not Acceptable Here']);
    await stop(ua, clock);
  });

  it('leaves the RFC 3261 §8.2.3 415 in place for other methods (INVITE with a JSON body)', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const invites: unknown[] = [];
    ua.on('invite', (session) => invites.push(session));
    transport.deliver(fromBob('INVITE', { body: '{}', contentType: 'application/json', extra: ['Contact: <sip:bob@127.0.0.1:8080;transport=ws>'] }));
    await settle();
    expect(invites).toEqual([]);
    const answer = transport.sent.find((m) => m.text.startsWith('SIP/2.0'))!.text;
    expect(answer.split('\r\n')[0]).toBe('SIP/2.0 415 Unsupported Media Type');
    expect(answer).toContain('\r\nAccept: application/sdp, application/dtmf-relay, text/plain\r\n');
    await stop(ua, clock);
  });
});
